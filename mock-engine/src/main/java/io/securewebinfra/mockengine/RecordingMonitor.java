package io.securewebinfra.mockengine;

import io.securewebinfra.plandoc.Plan;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.ProviderResource;
import com.pulumi.resources.Resource;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import static io.securewebinfra.mockengine.PulumiInternals.ASSET_SIGNATURE;
import static io.securewebinfra.mockengine.PulumiInternals.RESOURCE_SIGNATURE;
import static io.securewebinfra.mockengine.PulumiInternals.SECRET_SIGNATURE;
import static io.securewebinfra.mockengine.PulumiInternals.SECRET_VALUE_KEY;
import static io.securewebinfra.mockengine.PulumiInternals.SIGNATURE_KEY;
import static io.securewebinfra.mockengine.PulumiInternals.UNKNOWN_VALUE;

/**
 * The mock engine's monitor, recording every resource registration as the real engine would receive it: inputs
 * with secrets still marked, the parent and the dependencies; and then what the mock cloud answered: the id and the
 * computed outputs. This is what the offline plan shows. {@link PulumiInternals} hands it every registration the
 * mock engine's monitor receives.
 */
final class RecordingMonitor implements PulumiInternals.Registrations {
    static final String SECRET = "[secret]";
    static final String UNKNOWN = "[unknown]";
    static final String MISSING = "[missing output ";

    /**
     * The outputs a reference is resolved by: recorded even when they only echo an input, so that whoever follows
     * a reference finds every value it can hold in the resource's id and outputs, without reading its inputs.
     */
    static final Set<String> IDENTIFYING = Set.of("arn", "name");

    private final List<Plan.Resource> recorded = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private static final Map<Class<?>, Map<String, Boolean>> EXPORTS = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public CompletableFuture<RegisterResourceResponse> register(Resource resource, RegisterResourceRequest request,
            BiFunction<Resource, RegisterResourceRequest, CompletableFuture<RegisterResourceResponse>> mockMonitor) {
        if (request.getType().equals("pulumi:pulumi:Stack")) {
            return record(resource, request, mockMonitor);
        }
        // Answered on another thread, as the engine's answer arrives over gRPC: the mock engine answering at once
        // would run all of Pulumi's work on an answer (reading it, resolving the resource's outputs) on the thread
        // that declares the resources, one resource after the other. This way the program goes on declaring while
        // the pool's other worker handles the answers: a 300-server plan took about a fifth less time.
        return PulumiInternals.supplyAsyncInDeployment(() -> record(resource, request, mockMonitor))
                .thenCompose(answer -> answer);
    }

    /** Records the registration, then asks the mock engine and records what it answered. */
    private CompletableFuture<RegisterResourceResponse> record(Resource resource, RegisterResourceRequest request,
            BiFunction<Resource, RegisterResourceRequest, CompletableFuture<RegisterResourceResponse>> mockMonitor) {
        if (!request.getType().equals("pulumi:pulumi:Stack")) {
            // Secrets included: the plan masks them, but an input built from a missing output is wrong all the same.
            request.getObject().getFieldsMap().forEach((key, value) -> markers(value).forEach(marker -> problems.add(
                    request.getName() + " (" + request.getType() + ") input " + key + " is built from " + marker)));
            Map<String, Object> inputs = plain(request.getObject());
            List<String> dependsOn = request.getDependenciesList().stream().map(RecordingMonitor::nameOf)
                    .distinct().sorted().toList();
            var declared = new Plan.Resource(request.getType(), request.getName(),
                    request.getParent().isEmpty() || request.getParent().contains("::pulumi:pulumi:Stack::")
                            ? null : nameOf(request.getParent()),
                    inputs, dependsOn, request.getProtect(), request.getIgnoreChangesList().stream().sorted().toList());
            int index;
            synchronized (recorded) {
                recorded.add(declared);
                index = recorded.size() - 1;
            }
            return mockMonitor.apply(resource, request).thenApply(response -> {
                // A component resource never reaches the cloud: it has no id, and nothing was computed for it. (The
                // mock engine hands components to the mock cloud too, so the kind of resource decides, not the id.)
                if (resource instanceof CustomResource && !response.getId().isEmpty()) {
                    // Read before markMissingOutputs: the plan records what the mock gave, not the markers.
                    var answered = declared.answered(response.getId(), computedOutputs(request, response.getObject()));
                    synchronized (recorded) {
                        recorded.set(index, answered);
                    }
                }
                return faithful(resource, request, response);
            });
        }
        return mockMonitor.apply(resource, request).thenApply(response -> faithful(resource, request, response));
    }

    /** The mock cloud's answer as the program sees it: with markers for the outputs it left out (see below). */
    private RegisterResourceResponse faithful(Resource resource, RegisterResourceRequest request,
                                              RegisterResourceResponse response) {
        if (resource instanceof CustomResource && !(resource instanceof ProviderResource)) {
            return markMissingOutputs(resource, request, response);
        }
        return response;
    }

    /**
     * The outputs the cloud computed, as the plan records them: every output the mock returned whose value is not
     * simply its input of the same name echoed back, plus the {@link #IDENTIFYING} ones always. Secrets stay masked
     * as in the inputs: an output is {@code [secret]} when its input of the same name was a secret, when the
     * resource declares it an additional secret output, or when it contains the text of any secret input (an output
     * derived from a secret is as secret as the secret).
     */
    static Map<String, Object> computedOutputs(RegisterResourceRequest request, Struct state) {
        Struct inputs = request.getObject();
        Set<String> secretKeys = new java.util.HashSet<>(request.getAdditionalSecretOutputsList());
        List<String> secretTexts = new ArrayList<>();
        inputs.getFieldsMap().forEach((key, value) -> {
            if (isSecret(value)) {
                secretKeys.add(key);
            }
            collectSecretTexts(value, false, secretTexts);
        });
        Map<String, Object> outputs = new TreeMap<>();
        state.getFieldsMap().forEach((key, value) -> {
            Value input = inputs.getFieldsMap().get(key);
            if (!IDENTIFYING.contains(key) && input != null && revealed(input).equals(value)) {
                return;
            }
            Object converted = plain(value);
            if (converted != null) {
                boolean secret = secretKeys.contains(key) || secretTexts.stream().anyMatch(text -> contains(value, text));
                outputs.put(key, secret ? SECRET : converted);
            }
        });
        return outputs;
    }

    private static boolean isSecret(Value value) {
        if (!value.hasStructValue()) {
            return false;
        }
        Value signature = value.getStructValue().getFieldsMap().get(SIGNATURE_KEY);
        return signature != null && SECRET_SIGNATURE.equals(signature.getStringValue());
    }

    /** A value with every secret wrapper replaced by what it wraps: what the mock cloud receives and echoes. */
    private static Value revealed(Value value) {
        if (!holdsSecret(value)) {
            return value;
        }
        if (isSecret(value)) {
            Value inner = value.getStructValue().getFieldsMap().get(SECRET_VALUE_KEY);
            return inner == null ? Value.newBuilder().setNullValue(com.google.protobuf.NullValue.NULL_VALUE).build()
                    : revealed(inner);
        }
        return switch (value.getKindCase()) {
            case LIST_VALUE -> {
                var list = com.google.protobuf.ListValue.newBuilder();
                value.getListValue().getValuesList().forEach(v -> list.addValues(revealed(v)));
                yield Value.newBuilder().setListValue(list).build();
            }
            case STRUCT_VALUE -> {
                Struct.Builder struct = Struct.newBuilder();
                value.getStructValue().getFieldsMap().forEach((k, v) -> struct.putFields(k, revealed(v)));
                yield Value.newBuilder().setStructValue(struct).build();
            }
            default -> value;
        };
    }

    /** Whether a secret is anywhere in a value. */
    private static boolean holdsSecret(Value value) {
        return switch (value.getKindCase()) {
            case LIST_VALUE -> value.getListValue().getValuesList().stream().anyMatch(RecordingMonitor::holdsSecret);
            case STRUCT_VALUE -> isSecret(value)
                    || value.getStructValue().getFieldsMap().values().stream().anyMatch(RecordingMonitor::holdsSecret);
            default -> false;
        };
    }

    /** The non-empty strings inside secrets, anywhere in a value. */
    private static void collectSecretTexts(Value value, boolean insideSecret, List<String> into) {
        boolean secret = insideSecret || isSecret(value);
        switch (value.getKindCase()) {
            case STRING_VALUE -> {
                if (secret && !value.getStringValue().isEmpty()) {
                    into.add(value.getStringValue());
                }
            }
            case LIST_VALUE -> value.getListValue().getValuesList().forEach(v -> collectSecretTexts(v, secret, into));
            case STRUCT_VALUE -> value.getStructValue().getFieldsMap().values()
                    .forEach(v -> collectSecretTexts(v, secret, into));
            default -> {
            }
        }
    }

    /** Whether any string in a value contains a text. */
    private static boolean contains(Value value, String text) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue().contains(text);
            case LIST_VALUE -> value.getListValue().getValuesList().stream().anyMatch(v -> contains(v, text));
            case STRUCT_VALUE -> value.getStructValue().getFieldsMap().values().stream().anyMatch(v -> contains(v, text));
            default -> false;
        };
    }

    /**
     * Holds the mock cloud to the provider's outputs. An output the mock adds must be one the resource really has,
     * and every string output it leaves out is answered with a marker naming it, instead of the null that would
     * make each input built from it vanish without a trace: a plan whose inputs carry a marker reads an output the
     * mock does not provide, and {@link MockEngine} refuses it.
     */
    private RegisterResourceResponse markMissingOutputs(Resource resource, RegisterResourceRequest request,
                                                        RegisterResourceResponse response) {
        Map<String, Boolean> exports = exportsOf(resource.getClass());
        Struct.Builder state = response.getObject().toBuilder();
        for (String key : state.getFieldsMap().keySet()) {
            if (!exports.containsKey(key) && !request.getObject().containsFields(key)) {
                problems.add("the mock cloud gives " + request.getType() + " an output \"" + key + "\" that the "
                        + "provider does not have");
            }
        }
        exports.forEach((output, isString) -> {
            if (isString && !state.containsFields(output)) {
                state.putFields(output, Value.newBuilder().setStringValue(missing(request.getType(), output)).build());
            }
        });
        return response.toBuilder().setObject(state).build();
    }

    /** The marker that stands for an output the mock cloud does not provide. */
    static String missing(String type, String output) {
        return MISSING + type + "." + output + "]";
    }

    /** The outputs a resource class declares, each with whether it is a plain string. */
    private static Map<String, Boolean> exportsOf(Class<?> type) {
        return EXPORTS.computeIfAbsent(type, t -> {
            Map<String, Boolean> exports = new TreeMap<>();
            for (Class<?> c = t; c != null && c != CustomResource.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    Export export = field.getAnnotation(Export.class);
                    if (export != null) {
                        exports.put(export.name(), export.refs().length == 1 && export.refs()[0] == String.class);
                    }
                }
            }
            return Map.copyOf(exports);
        });
    }

    /** The missing-output markers anywhere in a value, secrets included. */
    private static List<String> markers(Value value) {
        List<String> found = new ArrayList<>();
        switch (value.getKindCase()) {
            case STRING_VALUE -> found.addAll(MockEngine.markers(value.getStringValue()));
            case LIST_VALUE -> value.getListValue().getValuesList().forEach(v -> found.addAll(markers(v)));
            case STRUCT_VALUE -> value.getStructValue().getFieldsMap().values().forEach(v -> found.addAll(markers(v)));
            default -> {
            }
        }
        return found;
    }

    /** What the mock cloud answered unlike the provider: empty when it is faithful. */
    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    List<Plan.Resource> resources() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The last part of a URN is the resource's name. */
    static String nameOf(String urn) {
        return urn.substring(urn.lastIndexOf("::") + 2);
    }

    private static Map<String, Object> plain(Struct struct) {
        Map<String, Object> map = new TreeMap<>();
        struct.getFieldsMap().forEach((key, value) -> {
            Object converted = plain(value);
            if (converted != null) {
                map.put(key, converted);
            }
        });
        return map;
    }

    /** A protobuf value as plain JSON-like data: secrets masked, whole numbers as integers, nulls dropped. */
    private static Object plain(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case NUMBER_VALUE -> {
                double number = value.getNumberValue();
                yield number == Math.rint(number) && Math.abs(number) < 1e15 ? (Object) (long) number : number;
            }
            case STRING_VALUE -> UNKNOWN_VALUE.equals(value.getStringValue()) ? UNKNOWN : value.getStringValue();
            case LIST_VALUE -> {
                List<Object> list = new ArrayList<>();
                value.getListValue().getValuesList().forEach(v -> {
                    Object converted = plain(v);
                    if (converted != null) {
                        list.add(converted);
                    }
                });
                yield list;
            }
            case STRUCT_VALUE -> {
                Struct struct = value.getStructValue();
                Value signature = struct.getFieldsMap().get(SIGNATURE_KEY);
                if (signature != null && SECRET_SIGNATURE.equals(signature.getStringValue())) {
                    yield SECRET;
                }
                if (signature != null && RESOURCE_SIGNATURE.equals(signature.getStringValue())) {
                    Value urn = struct.getFieldsMap().get("urn");
                    yield urn == null ? UNKNOWN : nameOf(urn.getStringValue());
                }
                if (signature != null && ASSET_SIGNATURE.equals(signature.getStringValue())) {
                    // A file the program uploads: the plan names the file, not its bytes.
                    Value path = struct.getFieldsMap().get("path");
                    yield path == null ? UNKNOWN : "[file " + path.getStringValue() + "]";
                }
                yield plain(struct);
            }
        };
    }
}
