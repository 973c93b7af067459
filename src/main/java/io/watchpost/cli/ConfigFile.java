package io.watchpost.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.watchpost.json.JsonValueReader;
import io.watchpost.log.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object with the component's configuration keys, as {@code report --config} and {@code local --config} take it. */
final class ConfigFile {
    private ConfigFile() {}

    /** The file cannot be used; the message names the file and what is wrong. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    static Map<String, Object> read(Path file) throws Unusable {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new Unusable("cannot read config file " + file + ": " + EventLog.describe(e));
        }
        Object parsed;
        // Streaming, as the component reads JSON: the device jars carry no jackson-databind.
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            parsed = JsonValueReader.readWhole(parser, JsonValueReader.Floats.BINARY).orElse(null);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new Unusable("config file " + file + " is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new Unusable("cannot read config file " + file + ": " + EventLog.describe(e));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new Unusable("config file " + file + " must hold a JSON object of configuration keys");
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        map.forEach((k, v) -> keys.put(String.valueOf(k), v));
        return keys;
    }
}
