package io.securewebinfra.config;

import io.securewebinfra.TestStacks;
import io.securewebinfra.mockengine.MockCloud;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key under a near miss of the project's namespace is named with the key it was probably meant to be. */
class NamespacesTest {
    private static List<String> notices(String key, SettingsReader.Mode mode) {
        RawConfig raw = TestStacks.raw("dev", Map.of(key, "4"));
        return SettingsReader.read(raw, mode, r -> new MockCloud(r).zones()).notices();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "secure-web-infa:webServerCount, secure-web-infra:webServerCount",
            "secure-web-infr:webServerCount, secure-web-infra:webServerCount",
            "secureweb-infra:webServerCount, secure-web-infra:webServerCount",
            "securewebinfra:webServerCount, secure-web-infra:webServerCount",
            "secure-wbe-infra:webServerCount, secure-web-infra:webServerCount",
            "secure_web_infra:webServerCount, secure-web-infra:webServerCount",
            "Secure-Web-Infra:webServerCount, secure-web-infra:webServerCount",
            "secure-web-infra2:webServerCount, secure-web-infra:webServerCount",
            "secure-web-infr\u0430:webServerCount, secure-web-infra:webServerCount",
            // The name is corrected too when it is near one of the program's keys.
            "secure-web-infa:webServercount, secure-web-infra:webServerCount",
            "secure-web-infa:webSeverCount, secure-web-infra:webServerCount",
            "secure-web-infa:somethingElse, secure-web-infra:somethingElse",
    })
    void aNearMissOfTheProjectsNamespaceIsNamedWithTheIntendedKey(String key, String intended) {
        for (SettingsReader.Mode mode : SettingsReader.Mode.values()) {
            List<String> notices = notices(key, mode);
            String namespace = key.substring(0, key.indexOf(':'));
            assertTrue(notices.contains(key + " is ignored: its namespace, " + namespace + ", is not this program's "
                    + "(secure-web-infra); did you mean " + intended + "?"), notices.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aws:profile", "aws:skipCredentialsValidation", "pulumi:tags", "awsx:vpc", "random:seed",
            "kubernetes:context", "secure-web-infrastructure:webServerCount", "my-app:webServerCount",
            "secure:webServerCount", "web-infra:webServerCount"})
    void anotherOwnersOrAFarNamespaceIsLeftAlone(String key) {
        assertEquals(List.of(), notices(key, SettingsReader.Mode.ENGINE));
    }

    @ParameterizedTest(name = "project {0}, key {1}")
    @CsvSource({"app, ap:port, app:port", "app, apps:port, app:port", "app, abc:port, ", "app, aws:port, ",
            "app, APP:port, app:port", "web, wbe:port, web:port"})
    void aShortProjectNameAllowsOneEditOnly(String project, String key, String intended) {
        assertEquals(intended == null ? java.util.Optional.empty() : java.util.Optional.of(intended),
                Namespaces.intendedKey(key, project, List.of("appPort")));
    }
}
