package io.securewebinfra.webtier;

import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.List;

/**
 * One thing a web server reads from AWS while it boots.
 *
 * @param name      the secret's or parameter's name, as the user data carries it
 * @param arn       what the servers' role is allowed to read, and nothing else
 * @param providers the resources that must exist before a server may read it: the value itself (a secret version, not
 *                  only the secret) and whatever the value is made from (the database it points at)
 */
public record BootRead(String name, Output<String> arn, List<? extends Resource> providers) {
    public BootRead {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException(name + ": a boot read needs the resources that provide it");
        }
        providers = List.copyOf(providers);
    }
}
