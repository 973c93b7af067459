/**
 * JSON and CBOR documents as plain Java values, read and written with jackson-core's streaming parsers and generators
 * only. The deployed component reads a few small documents (Device Defender's answers, its state file, custom metric
 * messages); Jackson's databind module would add about 300 classes and several MB of resident memory for that, so it
 * stays with the local tooling.
 *
 * <p>The value model: {@code Map<String, Object>} (insertion order) for an object, {@code List<Object>} for an array,
 * {@code String}, {@code Boolean}, {@code null} for JSON null, {@code byte[]} for CBOR binary, and for numbers the
 * types databind's tree would hold: {@code Integer}, {@code Long} or {@code BigInteger} for whole numbers, and
 * {@code Double} (CBOR: also {@code Float}) or {@code BigDecimal} for the others.
 */
package io.watchpost.json;
