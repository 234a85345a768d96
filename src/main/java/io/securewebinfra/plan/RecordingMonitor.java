package io.securewebinfra.plan;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.core.internal.Constants;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.ProviderResource;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The mock engine's monitor, recording every resource registration as the real engine would receive it: inputs
 * with secrets still marked, the parent and the dependencies. This is what the offline plan shows.
 */
final class RecordingMonitor extends MockMonitor {
    static final String SECRET = "[secret]";
    static final String UNKNOWN = "[unknown]";
    static final String MISSING = "[missing output ";

    private final List<Plan.Resource> recorded = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private static final Map<Class<?>, Map<String, Boolean>> EXPORTS = new java.util.concurrent.ConcurrentHashMap<>();

    RecordingMonitor(Mocks mocks) {
        super(mocks, PulumiTestInternal.mockLog());
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                             RegisterResourceRequest request) {
        if (!request.getType().equals("pulumi:pulumi:Stack")) {
            // Secrets included: the plan masks them, but an input built from a missing output is wrong all the same.
            request.getObject().getFieldsMap().forEach((key, value) -> markers(value).forEach(marker -> problems.add(
                    request.getName() + " (" + request.getType() + ") input " + key + " is built from " + marker)));
            Map<String, Object> inputs = plain(request.getObject());
            List<String> dependsOn = request.getDependenciesList().stream().map(RecordingMonitor::nameOf)
                    .distinct().sorted().toList();
            recorded.add(new Plan.Resource(request.getType(), request.getName(),
                    request.getParent().isEmpty() || request.getParent().contains("::pulumi:pulumi:Stack::")
                            ? null : nameOf(request.getParent()),
                    inputs, dependsOn, request.getProtect(), request.getIgnoreChangesList().stream().sorted().toList()));
        }
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            if (!response.getId().isEmpty()) {
                ids.put(request.getName(), response.getId());
            }
            if (resource instanceof CustomResource && !(resource instanceof ProviderResource)) {
                return markMissingOutputs(resource, request, response);
            }
            return response;
        });
    }

    /**
     * Holds the mock cloud to the provider's outputs. An output the mock adds must be one the resource really has,
     * and every string output it leaves out is answered with a marker naming it, instead of the null that would
     * make each input built from it vanish without a trace: a plan whose inputs carry a marker reads an output the
     * mock does not provide, and {@link OfflinePlan} refuses it.
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
            case STRING_VALUE -> found.addAll(OfflinePlan.markers(value.getStringValue()));
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

    /** The ids the mock cloud gave, by resource name: what other resources' inputs refer to. */
    Map<String, String> ids() {
        return Map.copyOf(ids);
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
            case STRING_VALUE -> Constants.UnknownValue.equals(value.getStringValue()) ? UNKNOWN : value.getStringValue();
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
                Value signature = struct.getFieldsMap().get(Constants.SpecialSigKey);
                if (signature != null && Constants.SpecialSecretSig.equals(signature.getStringValue())) {
                    yield SECRET;
                }
                if (signature != null && Constants.SpecialResourceSig.equals(signature.getStringValue())) {
                    Value urn = struct.getFieldsMap().get("urn");
                    yield urn == null ? UNKNOWN : nameOf(urn.getStringValue());
                }
                if (signature != null && Constants.SpecialAssetSig.equals(signature.getStringValue())) {
                    // A file the program uploads: the plan names the file, not its bytes.
                    Value path = struct.getFieldsMap().get("path");
                    yield path == null ? UNKNOWN : "[file " + path.getStringValue() + "]";
                }
                yield plain(struct);
            }
        };
    }
}
