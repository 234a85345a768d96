package io.securewebinfra.config;

import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.config.RawConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stack files are read as the Pulumi CLI (Go's yaml.v3) reads them: values are the text as written, a key twice is an
 * error, aliases are resolved, and a file that is not valid YAML is reported by line and column. Each case below is a
 * stack file's {@code config:} block (indented by two spaces) or a whole file.
 */
class StackFilesTest {
    private static final String NS = "secure-web-infra:";

    @TempDir
    Path dir;

    private RawConfig read(String stackFile) throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: secure-web-infra\nruntime: java\n");
        Files.writeString(dir.resolve("Pulumi.t.yaml"), stackFile, StandardCharsets.UTF_8);
        return StackFiles.read(dir, "t");
    }

    private List<String> refused(String stackFile) throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: secure-web-infra\nruntime: java\n");
        Files.writeString(dir.resolve("Pulumi.t.yaml"), stackFile, StandardCharsets.UTF_8);
        return assertThrows(InvalidConfigException.class, () -> StackFiles.read(dir, "t")).problems();
    }

    /** A value as the program receives it: the scalar's own text, never a YAML 1.1 boolean or number. */
    static Stream<List<String>> literalValues() {
        return Stream.of(
                // YAML 1.1 booleans are strings in YAML 1.2 and in yaml.v3's string decoding.
                List.of("on", "on"), List.of("off", "off"), List.of("yes", "yes"), List.of("no", "no"),
                List.of("y", "y"), List.of("n", "n"), List.of("Yes", "Yes"), List.of("OFF", "OFF"),
                List.of("True", "True"), List.of("true", "true"),
                // Numbers keep their spelling, whatever YAML 1.1 would make of them.
                List.of("010", "010"), List.of("0o10", "0o10"), List.of("0x1F", "0x1F"), List.of("1_000", "1_000"),
                List.of("1e3", "1e3"), List.of("+5", "+5"), List.of(".inf", ".inf"), List.of("-.Inf", "-.Inf"),
                List.of(".nan", ".nan"), List.of("1:20", "1:20"), List.of("3.0", "3.0"), List.of("0.1e+2", "0.1e+2"),
                // Quoted values are their content; an empty value is the empty string, as yaml.v3 leaves it.
                List.of("\"3\"", "3"), List.of("'3'", "3"), List.of("\"on\"", "on"), List.of("\"null\"", "null"),
                List.of("", ""), List.of("~", ""), List.of("null", ""), List.of("Null", ""), List.of("\"\"", ""),
                List.of("2001-12-14", "2001-12-14"), List.of("\"caf\\u00e9\"", "caf\u00e9"), List.of("é", "é"),
                List.of("'it''s'", "it's"), List.of("|-\n    two\n    lines", "two\nlines"));
    }

    @ParameterizedTest(name = "value {0}")
    @MethodSource("literalValues")
    void aValueIsTheTextAsWrittenAsPulumiPassesIt(List<String> valueAndExpected) throws IOException {
        RawConfig raw = read("config:\n  aws:region: eu-west-1\n  secure-web-infra:dbMultiAz: " + valueAndExpected.get(0) + "\n");
        assertEquals(valueAndExpected.get(1), raw.get(NS + "dbMultiAz").orElseThrow());
    }

    @Test
    void anAliasStandsForItsAnchorsValueNeverForTheAnchorsName() throws IOException {
        RawConfig raw = read("""
                config:
                  aws:region: eu-west-1
                  secure-web-infra:dbInstanceClass: &class db.r6g.large
                  secure-web-infra:dbReplicaInstanceClass: *class
                  secure-web-infra:dbPassword: &pw
                    secure: v1:AAAA
                  secure-web-infra:sumoLogicToken: *pw
                """);
        assertEquals("db.r6g.large", raw.get(NS + "dbReplicaInstanceClass").orElseThrow());
        assertTrue(raw.isSecret(NS + "sumoLogicToken"));
        assertTrue(raw.get(NS + "sumoLogicToken").isEmpty(), "an encrypted secret is unreadable here");
    }

    @Test
    void aMergeKeyAddsTheKeysTheMappingDoesNotSetItself() throws IOException {
        RawConfig raw = read("""
                defaults: &defaults
                  secure-web-infra:webServerCount: "4"
                  secure-web-infra:natGateways: perAz
                config:
                  <<: *defaults
                  aws:region: eu-west-1
                  secure-web-infra:natGateways: single
                """);
        assertEquals("4", raw.get(NS + "webServerCount").orElseThrow());
        assertEquals("single", raw.get(NS + "natGateways").orElseThrow());
    }

    @Test
    void secretsInEitherStyleAndTheOldConfigSpellingOfAKeyAreRead() throws IOException {
        RawConfig raw = read("""
                config:
                  aws:region: eu-west-1
                  secure-web-infra:dbPassword: {secure: v1:AAAA}
                  secure-web-infra:config:webServerCount: "5"
                """);
        assertTrue(raw.isSecret(NS + "dbPassword"));
        assertEquals("5", raw.get(NS + "webServerCount").orElseThrow());
        assertEquals(List.of("dbPassword", "webServerCount"), raw.projectKeys());
    }

    @Test
    void aFileWithoutConfigOrWithCommentsAndMarkersIsRead() throws IOException {
        assertEquals(Map.of(), read("# nothing yet\n").values());
        assertEquals(Map.of(), read("config:\n").values());
        assertEquals(Map.of(), read("config: {}\n").values());
        assertEquals(Map.of("aws:region", "eu-west-1"), read("%YAML 1.2\n---\nconfig:\n  aws:region: eu-west-1 # here\n...\n").values());
        assertEquals(Map.of("aws:region", "eu-west-1"), read("\uFEFFconfig:\r\n  aws:region: eu-west-1\r\n").values());
    }

    /** A stack file Pulumi would refuse, and what the message must say. */
    static Stream<List<String>> refusedFiles() {
        return Stream.of(
                // A key given twice: Pulumi (yaml.v3) refuses the file.
                List.of("config:\n  aws:region: eu-west-1\n  secure-web-infra:webServerCount: \"3\"\n"
                        + "  secure-web-infra:webServerCount: \"30\"\n",
                        "line 4, column 3: the key \"secure-web-infra:webServerCount\" is already defined at line 3"),
                List.of("config:\n  aws:region: eu-west-1\n  'aws:region': us-east-1\n",
                        "line 3, column 3: the key \"aws:region\" is already defined at line 2"),
                List.of("config:\n  aws:region: eu-west-1\nconfig:\n  aws:region: eu-west-1\n",
                        "line 3, column 1: the key \"config\" is already defined at line 1"),
                List.of("config: {aws:region: eu-west-1, aws:region: eu-west-2}\n",
                        "the key \"aws:region\" is already defined at line 1"),
                List.of("config:\n  secure-web-infra:dbPassword:\n    secure: v1:A\n    secure: v1:B\n",
                        "line 4, column 5: the key \"secure\" is already defined at line 3"),
                List.of("config:\n  secure-web-infra:webServerCount: \"3\"\n  secure-web-infra:config:webServerCount: \"4\"\n",
                        "secure-web-infra:webServerCount in Pulumi.t.yaml (line 3, column 43) is given twice"),
                // Not YAML: the file, line and column.
                List.of("config:\n  aws:region: eu-west-1\n\tsecure-web-infra:domain: example.org\n",
                        "Pulumi.t.yaml line 3, column 1: not valid YAML"),
                List.of("config:\n  aws:region: \"eu-west-1\n", "Pulumi.t.yaml line 3, column 1: not valid YAML"),
                List.of("config:\n  aws:region: eu-west-1: oops\n", "Pulumi.t.yaml line 2, column 24: not valid YAML"),
                List.of("config:\n  aws:region: eu-west-1\n    secure-web-infra:domain: example.org\n",
                        "Pulumi.t.yaml line 3, column 28: not valid YAML"),
                List.of("config: [aws:region\n", "Pulumi.t.yaml line 2, column 1: not valid YAML"),
                List.of("config:\n  aws:region: *nowhere\n", "Pulumi.t.yaml line 2, column 15: not valid YAML: found undefined alias nowhere"),
                List.of("config:\n  aws:region: eu-west-1\n---\nconfig: {}\n", "line 3, column 1: not valid YAML"),
                // Not a single value where one is expected.
                List.of("config:\n  secure-web-infra:webServerCount: [3]\n",
                        "secure-web-infra:webServerCount in Pulumi.t.yaml (line 2, column 36): must be a single value, not a list"),
                List.of("config:\n  secure-web-infra:webServerCount:\n    - 3\n",
                        "secure-web-infra:webServerCount in Pulumi.t.yaml (line 3, column 5): must be a single value, not a list"),
                List.of("config:\n  secure-web-infra:domain: {name: example.org}\n",
                        "secure-web-infra:domain in Pulumi.t.yaml (line 2, column 28): must be a single value, not a map"),
                List.of("config:\n  secure-web-infra:dbPassword: {secure: v1:A, plain: x}\n",
                        "secure-web-infra:dbPassword in Pulumi.t.yaml (line 2, column 32): must be a single value, not a map"),
                List.of("config:\n  secure-web-infra:dbPassword: {secure: }\n", "must be a single value, not a map"),
                List.of("config:\n  secure-web-infra:dbPassword: {secure: [v1:A]}\n", "must be a single value, not a map"),
                List.of("config:\n  ? [a, b]\n  : c\n", "line 2, column 5): a key of config must be a single value"),
                List.of("- config\n", "the stack file must be a mapping of keys to values, not a list"),
                List.of("config:\n- aws:region\n", "config must be a mapping of keys to values, not a list"),
                List.of("config: eu-west-1\n", "config must be a mapping of keys to values, not a single value"),
                List.of("defaults: &d eu-west-1\nconfig:\n  <<: *d\n", "line 3, column 3: a merge key (<<) needs a mapping"),
                // Keys Pulumi cannot parse.
                List.of("config:\n  webServerCount: \"3\"\n", "\"webServerCount\" in Pulumi.t.yaml (line 2, column 19) is not a "
                        + "configuration key: Pulumi needs <namespace>:<name>, such as secure-web-infra:webServerCount"),
                List.of("config:\n  secure-web-infra:web:ServerCount: \"3\"\n", "is not a configuration key"),
                List.of("config:\n  ~: \"3\"\n", "is not a configuration key"));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("refusedFiles")
    void aStackFilePulumiWouldRefuseIsRefusedSayingWhere(List<String> fileAndMessage) throws IOException {
        List<String> problems = refused(fileAndMessage.get(0));
        assertTrue(problems.stream().anyMatch(p -> p.contains(fileAndMessage.get(1))), problems.toString());
        assertFalse(problems.stream().anyMatch(p -> p.contains("Exception") || p.contains("\tat ")), problems.toString());
    }

    @Test
    void pulumiYamlMustNameTheProject() throws IOException {
        Files.writeString(dir.resolve("Pulumi.t.yaml"), "config: {}\n");
        for (String project : List.of("runtime: java\n", "name:\nruntime: java\n", "name: [a]\n", "name: \"\"\n")) {
            Files.writeString(dir.resolve("Pulumi.yaml"), project);
            var e = assertThrows(InvalidConfigException.class, () -> StackFiles.read(dir, "t"));
            assertTrue(e.problems().get(0).endsWith("Pulumi.yaml has no project name: it needs `name: <project>`"),
                    e.problems().toString());
        }
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: a\nname: b\n");
        var twice = assertThrows(InvalidConfigException.class, () -> StackFiles.read(dir, "t"));
        assertTrue(twice.problems().get(0).contains("Pulumi.yaml line 2, column 1: the key \"name\" is already defined"),
                twice.problems().toString());
        // The name is its text, as yaml.v3 gives a Go string: a project named 1e3 is "1e3".
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: 1e3\n");
        assertEquals("1e3", StackFiles.read(dir, "t").project());
    }
}
