"""Judges CreateSecurityProfile requests with AWS's own IoT API model, as the AWS CLI does before sending one.

Reads a JSON array of {"id": ..., "request": {...}} on stdin and prints one line per request: "<id> OK" or
"<id> ERR <reasons>". Two checks, both from the model Debian's python3-botocore ships:
- botocore.validate.validate_parameters: exactly the CLI's check (types, required and unknown fields, minimums);
- the model's other constraints the CLI leaves to the service (max lengths and values, patterns, enums).
"""
import json
import re
import sys

import botocore.session
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters


def java_pattern(pattern):
    # The model's patterns are Java regular expressions; \p{Graph} is the only construct Python's re lacks.
    return pattern.replace(r"\p{Graph}", r"\x21-\x7e")


def constraints(shape, value, path, errors):
    meta = shape.metadata
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                constraints(member, value[name], path + "." + name if path else name, errors)
    elif shape.type_name == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            errors.append("%s: %d items, max %d" % (path, len(value), meta["max"]))
        for i, item in enumerate(value):
            constraints(shape.member, item, "%s[%d]" % (path, i), errors)
    elif shape.type_name == "string" and isinstance(value, str):
        if getattr(shape, "enum", None) and value not in shape.enum:
            errors.append("%s: %r not in enum %s" % (path, value, shape.enum))
        if "max" in meta and len(value) > meta["max"]:
            errors.append("%s: length %d, max %d" % (path, len(value), meta["max"]))
        if "pattern" in meta and not re.fullmatch(java_pattern(meta["pattern"]), value):
            errors.append("%s: %r does not match %s" % (path, value, meta["pattern"]))
    elif shape.type_name in ("integer", "long", "double") and isinstance(value, (int, float)):
        if "max" in meta and value > meta["max"]:
            errors.append("%s: %s above max %s" % (path, value, meta["max"]))


def main():
    shape = botocore.session.get_session().get_service_model("iot") \
        .operation_model("CreateSecurityProfile").input_shape
    for case in json.load(sys.stdin):
        errors = []
        try:
            validate_parameters(case["request"], shape)
        except ParamValidationError as e:
            errors.append(str(e).replace("\n", " | "))
        constraints(shape, case["request"], "", errors)
        print(case["id"], "OK" if not errors else "ERR " + " ; ".join(errors))


main()
