package io.securewebinfra.mockengine;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.junit.jupiter.api.Test;
import pulumirpc.Resource.RegisterResourceRequest;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rule for a plan's recorded outputs (docs/plan-format.md), on registrations made by hand: what the mock cloud
 * echoes of the inputs is no output, what it computes is, and nothing derived from a secret is shown.
 */
class RecordingMonitorTest {
    private static final Value PLAIN_NAME = text("logs");

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value secret(Value inner) {
        return Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields(PulumiInternals.SIGNATURE_KEY, text(PulumiInternals.SECRET_SIGNATURE))
                .putFields(PulumiInternals.SECRET_VALUE_KEY, inner)).build();
    }

    private static Map<String, Object> outputs(RegisterResourceRequest.Builder request, Map<String, Value> state) {
        return RecordingMonitor.computedOutputs(request.setType("aws:test/thing:Thing").setName("thing").build(),
                Struct.newBuilder().putAllFields(state).build());
    }

    @Test
    void anEchoedInputIsNoOutputButNameAndArnAlwaysAre() {
        var request = RegisterResourceRequest.newBuilder().setObject(Struct.newBuilder()
                .putFields("name", PLAIN_NAME).putFields("retentionInDays", Value.newBuilder().setNumberValue(30).build()));
        var out = outputs(request, Map.of("name", PLAIN_NAME, "retentionInDays", Value.newBuilder().setNumberValue(30).build(),
                "arn", text("arn:aws:logs:eu-west-1:123456789012:log-group:logs")));
        assertEquals(Map.of("name", "logs", "arn", "arn:aws:logs:eu-west-1:123456789012:log-group:logs"), out);
    }

    @Test
    void anOutputFromASecretIsMasked() {
        String password = "hunter2-marker";
        var request = RegisterResourceRequest.newBuilder().setObject(Struct.newBuilder()
                .putFields("name", PLAIN_NAME)
                .putFields("password", secret(text(password)))
                .putFields("token", secret(text("tok-marker"))))
                .addAdditionalSecretOutputs("connection");
        var out = outputs(request, Map.of(
                // an echo of a secret: equal once unwrapped, so not an output
                "password", text(password),
                // a secret input the cloud changed: secret by its name
                "token", text("tok-marker-rotated"),
                // declared secret by the resource
                "connection", text("mysql://db"),
                // derived from a secret: holds its text
                "dsn", text("mysql://admin:" + password + "@db"),
                "endpoint", text("db:3306")));
        assertEquals(Map.of("token", RecordingMonitor.SECRET, "connection", RecordingMonitor.SECRET,
                "dsn", RecordingMonitor.SECRET, "endpoint", "db:3306"), out);
    }

}
