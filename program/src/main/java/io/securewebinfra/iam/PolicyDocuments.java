package io.securewebinfra.iam;

import io.securewebinfra.common.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IAM policy documents as JSON text. */
public final class PolicyDocuments {
    private PolicyDocuments() {
    }

    /** A trust policy that lets one AWS service assume the role. */
    public static String assumableBy(String servicePrincipal) {
        return document(List.of(statement("sts:AssumeRole", Map.of("Service", servicePrincipal), null)));
    }

    /** A policy allowing the actions on exactly the given resources. */
    public static String allow(List<String> actions, List<String> resources) {
        return document(List.of(statement(actions, null, resources)));
    }

    /** One {@code Allow} statement; the principal is only for resource policies and trust policies. */
    public static Map<String, Object> statement(Object actions, Map<String, Object> principal, Object resources) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        if (principal != null) {
            statement.put("Principal", principal);
        }
        statement.put("Action", actions);
        if (resources != null) {
            statement.put("Resource", resources);
        }
        return statement;
    }

    public static String document(List<Map<String, Object>> statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return Json.write(document);
    }
}
