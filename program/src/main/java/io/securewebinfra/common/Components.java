package io.securewebinfra.common;

import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ProviderResource;

/** Helpers every component shares: its type token and the options of its children. */
public final class Components {
    /** The package part of every component's type token. */
    public static final String PACKAGE = "secure-web-infra";

    private Components() {
    }

    /** {@code secure-web-infra:<module>:<Type>}, the convention of Pulumi component type tokens. */
    public static String type(String module, String typeName) {
        return PACKAGE + ":" + module + ":" + typeName;
    }

    /** Options of a direct child: parented to its component, from which it inherits the AWS provider. */
    public static CustomResourceOptions child(ComponentResource parent) {
        return CustomResourceOptions.builder().parent(parent).build();
    }

    /** Options of a top-level component, with the stack's explicit AWS provider. */
    public static ComponentResourceOptions root(ProviderResource provider) {
        return ComponentResourceOptions.builder().providers(provider).build();
    }

    /**
     * The tags the stack's provider adds to every resource. A resource that the provider's default tags do not reach,
     * such as a server launched by an Auto Scaling group, is given them explicitly.
     */
    public static java.util.Map<String, String> stackTags(String project, String stack) {
        return java.util.Map.of("Project", project, "Stack", stack, "ManagedBy", "pulumi");
    }

    /** The ARN partition of a region. */
    public static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** Options of a data-source lookup made for a component, through its provider. */
    public static InvokeOptions invoke(ComponentResource parent) {
        return InvokeOptions.builder().parent(parent).build();
    }
}
