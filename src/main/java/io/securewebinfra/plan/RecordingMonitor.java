package io.securewebinfra.plan;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.core.internal.Constants;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

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

    private final List<Plan.Resource> recorded = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();

    RecordingMonitor(Mocks mocks) {
        super(mocks, PulumiTestInternal.mockLog());
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                             RegisterResourceRequest request) {
        if (!request.getType().equals("pulumi:pulumi:Stack")) {
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
            return response;
        });
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
