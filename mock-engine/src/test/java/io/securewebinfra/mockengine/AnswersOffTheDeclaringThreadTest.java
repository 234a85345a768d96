package io.securewebinfra.mockengine;

import com.pulumi.aws.s3.BucketV2;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mock engine answers a registration on a pool thread, as the real engine's answer arrives over gRPC, so that the
 * program goes on declaring while the answers are handled (see {@link RecordingMonitor#register}); and the plan
 * still waits for every answer.
 */
class AnswersOffTheDeclaringThreadTest {
    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    @Test
    void noAnswerRunsInsideTheDeclarationAndEveryOneIsRecorded() {
        // Set while the program is inside a resource's constructor: an answer given there was given at once.
        ThreadLocal<Boolean> declaring = ThreadLocal.withInitial(() -> false);
        Set<String> answeredAtOnce = ConcurrentHashMap.newKeySet();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        var mockCloud = new MockCloud("eu-west-1");
        Mocks cloud = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                answered.add(args.name);
                if (declaring.get()) {
                    answeredAtOnce.add(args.name);
                }
                return mockCloud.newResourceAsync(args);
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return mockCloud.callAsync(args);
            }
        };
        Plan plan = MockEngine.run("project", "stack", cloud, List.of(), IllegalArgumentException.class, ctx ->
                IntStream.rangeClosed(1, 40).forEach(i -> {
                    declaring.set(true);
                    try {
                        new BucketV2("bucket-" + i);
                    } finally {
                        declaring.set(false);
                    }
                }));
        assertEquals(40, answered.size());
        assertEquals(Set.of(), answeredAtOnce, "answered inside the resource's constructor, on the declaring thread");
        assertEquals(40, plan.ofType("aws:s3/bucketV2:BucketV2").size());
        // Every answer was recorded: each bucket has the name the mock cloud gave it.
        plan.ofType("aws:s3/bucketV2:BucketV2").forEach(bucket ->
                assertEquals(bucket.id(), bucket.output("bucket").orElseThrow(), bucket.name()));
    }
}
