/**
 * On-device Detect: AWS IoT Device Defender Security Profile behaviors evaluated on the device, from the same
 * collection the report is built from (this package never reads /proc). Vocabulary is AWS's Security Profile model
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_Behavior.html and the pages it links); values come from
 * {@code io.watchpost.collect} and the custom metrics of {@code io.watchpost.report}.
 */
package io.watchpost.detect;
