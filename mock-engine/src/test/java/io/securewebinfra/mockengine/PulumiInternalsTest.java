package io.securewebinfra.mockengine;

import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.core.Output;
import com.pulumi.exceptions.ResourceException;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import pulumirpc.Resource.RegisterResourceRequest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * pulumi-java's internal packages are used only by {@link PulumiInternals}, and what it uses of them is still there.
 * An SDK upgrade that moves or changes one of them fails here, with a message that names the SDK version in
 * pom.xml, the internal member, and the file to fix, instead of failing deep inside a plan (the JVM links a member
 * only when it is first called, so a moved member on a failure path would go unnoticed until that failure).
 */
class PulumiInternalsTest {
    private static final String ADAPTER = "mock-engine/src/main/java/io/securewebinfra/mockengine/PulumiInternals.java";

    /** A Pulumi type or member in an internal package, as source names it. */
    private static final Pattern INTERNAL_NAME = Pattern.compile("com\\.pulumi(\\.\\w+)*\\.internal\\b");

    /**
     * Test files that may name internals: this test names the members it checks, and ShadedJarIT runs the jar
     * with the language host's plugin discovery entry point ({@code com.pulumi.bootstrap.internal.Main}) as Pulumi
     * does, on a command line, not from Java code.
     */
    private static final List<String> TESTS_THAT_NAME_INTERNALS = List.of(
            "mock-engine/src/test/java/io/securewebinfra/mockengine/PulumiInternalsTest.java",
            "tools/src/test/java/io/securewebinfra/cli/ShadedJarIT.java");

    /** The Maven modules, whose sources are scanned. */
    private static final List<String> MODULES = List.of("plan-document", "mock-engine", "program", "tools");

    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    @Test
    void noOtherSourceFileNamesAPulumiInternal() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String root : MODULES.stream().flatMap(m -> Stream.of(m + "/src/main/java", m + "/src/test/java"))
                .filter(root -> Files.isDirectory(Path.of(root))).toList()) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String path = file.toString().replace('\\', '/');
                    if (path.equals(ADAPTER) || TESTS_THAT_NAME_INTERNALS.contains(path)) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (INTERNAL_NAME.matcher(lines.get(i)).find()) {
                            offenders.add(path + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "only " + ADAPTER + " may use pulumi-java's internal packages (they are not "
                + "for end users and change without notice); use Pulumi's public API, or add what is missing to that "
                + "adapter with a comment saying why:\n  " + String.join("\n  ", offenders));
    }

    /**
     * Every internal class, method, constructor and field the compiled adapter links to (read from its class files'
     * constant pools, so that nothing is missed) exists in the SDK on the classpath.
     */
    @Test
    void everyInternalMemberTheAdapterLinksToExists() throws Exception {
        List<String> references = internalReferences();
        // The reading of the class files itself is checked: these are among what the adapter uses.
        assertTrue(references.contains("com.pulumi.test.internal.PulumiTestInternal.builder()"), references.toString());
        assertTrue(references.contains("com.pulumi.deployment.internal.DeploymentImpl$DeploymentState.runner"),
                references.toString());
        List<String> missing = new ArrayList<>();
        for (String reference : references) {
            Optional<Throwable> problem = resolve(reference);
            problem.ifPresent(p -> missing.add(reference + " (" + p + ")"));
        }
        if (!missing.isEmpty()) {
            fail(moved(String.join("\n    ", missing), null));
        }
    }

    /** javac copies constants into the adapter: the SDK on the classpath must still hold the same values. */
    @Test
    void theProtocolConstantsAreTheSdks() throws Exception {
        Map<String, Object> adapter = new LinkedHashMap<>();
        adapter.put("com.pulumi.core.internal.Constants.SpecialSigKey", PulumiInternals.SIGNATURE_KEY);
        adapter.put("com.pulumi.core.internal.Constants.SpecialSecretSig", PulumiInternals.SECRET_SIGNATURE);
        adapter.put("com.pulumi.core.internal.Constants.SecretValueName", PulumiInternals.SECRET_VALUE_KEY);
        adapter.put("com.pulumi.core.internal.Constants.SpecialResourceSig", PulumiInternals.RESOURCE_SIGNATURE);
        adapter.put("com.pulumi.core.internal.Constants.SpecialAssetSig", PulumiInternals.ASSET_SIGNATURE);
        adapter.put("com.pulumi.core.internal.Constants.UnknownValue", PulumiInternals.UNKNOWN_VALUE);
        adapter.put("com.pulumi.deployment.internal.Runner.ProcessExitedSuccessfully",
                PulumiInternals.EXITED_SUCCESSFULLY);
        adapter.put("com.pulumi.deployment.internal.Runner.ProcessExitedBeforeLoggingUserActionableMessage",
                PulumiInternals.EXITED_BEFORE_LOGGING_USER_ACTIONABLE_MESSAGE);
        adapter.put("com.pulumi.deployment.internal.Runner.ProcessExitedAfterLoggingUserActionableMessage",
                PulumiInternals.EXITED_AFTER_LOGGING_USER_ACTIONABLE_MESSAGE);
        for (var constant : adapter.entrySet()) {
            String name = constant.getKey();
            Object sdk = entryPoint(name, () -> {
                int dot = name.lastIndexOf('.');
                return Class.forName(name.substring(0, dot)).getField(name.substring(dot + 1)).get(null);
            });
            assertEquals(constant.getValue(), sdk, name + " changed in the SDK; " + ADAPTER + " was compiled with the "
                    + "old value: rebuild, and check what the change means for the plan");
        }
    }

    /**
     * The adapter's runTest with PlanRunner: the builder with options, logger, mocks, monitor decorator and
     * deployment factory; the mock monitor passing each register request on; the runner started in the
     * deployment's context; the secret flag of outputs. (Pulumi's own runner is run by ShadedJarIT, in a process
     * with the common pool it needs.)
     */
    @Test
    void aProgramRunsThroughEveryEntryPoint() {
        List<RegisterResourceRequest> seen = Collections.synchronizedList(new ArrayList<>());
        TestResult result = entryPoint("PulumiTestInternal.builder()...runTest with a MockMonitor and PlanRunner",
                () -> run((resource, request, mockMonitor) -> {
                    seen.add(request);
                    return mockMonitor.apply(resource, request);
                }, ctx -> {
                    var topic = new Topic("alerts", TopicArgs.builder().name("alerts")
                            .displayName(Output.ofSecret("hidden")).build());
                    ctx.export("name", topic.name());
                    ctx.export("secret", Output.ofSecret("s"));
                }));
        assertEquals(PulumiInternals.EXITED_SUCCESSFULLY, result.exitCode(), String.join("\n", result.errors()));
        RegisterResourceRequest topic = seen.stream().filter(r -> r.getType().equals("aws:sns/topic:Topic"))
                .findFirst().orElseThrow(() -> new AssertionError("the monitor saw no topic: " + seen));
        // The raw request, which Mocks never sees: the secret still marked as one.
        var displayName = topic.getObject().getFieldsMap().get("displayName").getStructValue().getFieldsMap();
        assertEquals(PulumiInternals.SECRET_SIGNATURE, displayName.get(PulumiInternals.SIGNATURE_KEY).getStringValue());
        assertEquals("alerts", PulumiTest.extractValue(result.outputs().get("name")));
        assertFalse(entryPoint("PulumiTestInternal.extractOutputData(Output).isSecret()",
                () -> PulumiInternals.isSecret(result.outputs().get("name"))));
        assertTrue(PulumiInternals.isSecret(result.outputs().get("secret")));
    }

    /** A failing program is logged through the deployment's EngineLogger, as Pulumi's runner logs it. */
    @Test
    void aFailingProgramIsLoggedToTheEngine() {
        for (RuntimeException failure : List.of(new IllegalStateException("plain failure"),
                new ResourceException("resource failure"))) {
            TestResult result = entryPoint("EngineLogger.errorAsync and hasLoggedErrors, Runner.Result", () -> run(
                    (resource, request, mockMonitor) -> mockMonitor.apply(resource, request), ctx -> {
                        throw failure;
                    }));
            assertEquals(PulumiInternals.EXITED_AFTER_LOGGING_USER_ACTIONABLE_MESSAGE, result.exitCode());
            assertTrue(String.join("\n", result.errors()).contains(failure.getMessage()), result.errors().toString());
            PulumiTest.cleanup();
        }
    }

    /** What a developer sees when an SDK upgrade moved a member: the version, the member and the file to fix. */
    @Test
    void aMovedMemberIsReportedWithTheVersionTheMemberAndTheFile() {
        assertTrue(resolve("com.pulumi.test.internal.PulumiTestInternal.builderThatMoved()").isPresent());
        AssertionError error = assertThrows(AssertionError.class, () -> entryPoint("PulumiTestInternal.builder()", () -> {
            throw new NoSuchMethodError("'com.pulumi.test.internal.PulumiTestInternal$Builder "
                    + "com.pulumi.test.internal.PulumiTestInternal.builder()'");
        }));
        assertTrue(error.getMessage().contains("com.pulumi:pulumi " + pomVersion()), error.getMessage());
        assertTrue(error.getMessage().contains("PulumiTestInternal.builder()"), error.getMessage());
        assertTrue(error.getMessage().contains(ADAPTER), error.getMessage());
    }

    /** The SDK the tests run with is the one pom.xml names, so that the messages above name the right version. */
    @Test
    void theSdkOnTheClasspathIsThePomsVersion() throws Exception {
        String jar = Path.of(PulumiTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName().toString();
        assertEquals("pulumi-" + pomVersion() + ".jar", jar);
    }

    private static TestResult run(PulumiInternals.Registrations registrations, Consumer<com.pulumi.Context> program) {
        Mocks echo = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"), args.inputs));
            }
        };
        return PulumiInternals.runTest(TestOptions.builder().projectName("p").stackName("s").preview(false).build(),
                echo, registrations, false, program);
    }

    /** Runs an entry point of the adapter, turning a missing class or member into the message that says what to do. */
    private static <T> T entryPoint(String member, ThrowingSupplier<T> call) {
        try {
            return call.get();
        } catch (LinkageError | ReflectiveOperationException e) {
            throw new AssertionError(moved(member, e), e);
        } catch (Throwable e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e);
        }
    }

    private static String moved(String member, Throwable cause) {
        return "pulumi-java's internals changed: com.pulumi:pulumi " + pomVersion() + " (pom.xml's pulumi.version) "
                + "no longer has, or changed,\n    " + member + "\nwhich the offline plan uses. Fix " + ADAPTER
                + ", the only file that uses pulumi-java internals: its Javadoc says what each one is for and what "
                + "the public API lacks; prefer the public API if the new SDK has what was missing."
                + (cause == null ? "" : "\nCause: " + cause);
    }

    private static String pomVersion() {
        try {
            Matcher version = Pattern.compile("<pulumi\\.version>([^<]+)</pulumi\\.version>")
                    .matcher(Files.readString(Path.of("pom.xml")));
            return version.find() ? version.group(1) : "(pulumi.version not found in pom.xml)";
        } catch (IOException e) {
            return "(pom.xml unreadable: " + e + ")";
        }
    }

    /**
     * The internal classes and members the adapter's class files refer to, in source form: {@code a.b.C},
     * {@code a.b.C.field}, {@code a.b.C.method(p.T1,p.T2)}, {@code a.b.C.<init>(...)}.
     */
    private static List<String> internalReferences() throws IOException {
        Path dir = Path.of("mock-engine/target/classes/io/securewebinfra/mockengine");
        TreeSet<String> references = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("PulumiInternals(\\$.*)?\\.class"))
                    .toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    references.addAll(constantPoolReferences(new DataInputStream(in)));
                }
            }
        }
        references.removeIf(r -> !r.matches("com\\.pulumi\\.(\\w+\\.)*internal\\..*"));
        return List.copyOf(references);
    }

    /** Class, field and method references of a class file's constant pool (JVMS 4.4). */
    private static List<String> constantPoolReferences(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> refs[i] = new int[]{in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[]{in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> refs[i] = new int[]{in.readUnsignedByte(), in.readUnsignedShort()};
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> found = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 7) {
                String name = (String) pool[refs[i][0]];
                if (!name.startsWith("[")) {
                    found.add(name.replace('/', '.'));
                }
            } else if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                String owner = ((String) pool[refs[refs[i][0]][0]]).replace('/', '.');
                int[] nameAndType = refs[refs[i][1]];
                String name = (String) pool[nameAndType[0]];
                String descriptor = (String) pool[nameAndType[1]];
                found.add(tags[i] == 9 ? owner + "." + name : owner + "." + name + "(" + String.join(",",
                        parameterTypes(descriptor)) + ")");
            }
        }
        return found;
    }

    /** A method descriptor's parameter types as Class.forName names them. */
    private static List<String> parameterTypes(String descriptor) {
        List<String> types = new ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int start = i;
            while (descriptor.charAt(i) == '[') {
                i++;
            }
            if (descriptor.charAt(i) == 'L') {
                i = descriptor.indexOf(';', i);
            }
            i++;
            String type = descriptor.substring(start, i);
            types.add(type.startsWith("[") ? type.replace('/', '.') : type.startsWith("L")
                    ? type.substring(1, type.length() - 1).replace('/', '.') : primitive(type.charAt(0)));
        }
        return types;
    }

    private static String primitive(char code) {
        return switch (code) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> throw new IllegalArgumentException("not a type code: " + code);
        };
    }

    /** Empty when the reference exists on the classpath, else what is wrong with it. */
    private static Optional<Throwable> resolve(String reference) {
        try {
            int paren = reference.indexOf('(');
            String path = paren < 0 ? reference : reference.substring(0, paren);
            if (paren < 0) {
                try {
                    Class.forName(path, false, PulumiInternalsTest.class.getClassLoader());
                    return Optional.empty();
                } catch (ClassNotFoundException notAClass) {
                    // Then a field, a.b.C.field: its class is looked up below.
                }
            }
            int dot = path.lastIndexOf('.');
            Class<?> owner = Class.forName(path.substring(0, dot), false, PulumiInternalsTest.class.getClassLoader());
            String name = path.substring(dot + 1);
            if (paren < 0) {
                return hierarchy(owner).stream().flatMap(c -> Stream.of(c.getDeclaredFields()))
                        .anyMatch((Field f) -> f.getName().equals(name))
                        ? Optional.empty() : Optional.of(new NoSuchFieldException(reference));
            }
            String parameters = reference.substring(paren + 1, reference.length() - 1);
            List<Executable> candidates = new ArrayList<>();
            for (Class<?> c : hierarchy(owner)) {
                if (name.equals("<init>")) {
                    if (c == owner) {
                        candidates.addAll(List.<Constructor<?>>of(c.getDeclaredConstructors()));
                    }
                } else {
                    for (Method m : c.getDeclaredMethods()) {
                        if (m.getName().equals(name)) {
                            candidates.add(m);
                        }
                    }
                }
            }
            boolean found = candidates.stream().anyMatch(e -> String.join(",", Stream.of(e.getParameterTypes())
                    .map(Class::getName).toList()).equals(parameters));
            return found ? Optional.empty() : Optional.of(new NoSuchMethodException(reference));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of(e);
        }
    }

    /** A class, its superclasses and every interface they implement. */
    private static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c == null || all.contains(c)) {
                continue;
            }
            all.add(c);
            todo.add(c.getSuperclass() == null ? Object.class : c.getSuperclass());
            todo.addAll(List.of(c.getInterfaces()));
        }
        return all;
    }
}
