package io.securewebinfra.edge;

import com.pulumi.aws.acm.CertificateArgs;
import com.pulumi.aws.acm.CertificateValidation;
import com.pulumi.aws.acm.CertificateValidationArgs;
import com.pulumi.aws.acm.outputs.CertificateDomainValidationOption;
import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.Route53Functions;
import com.pulumi.aws.route53.inputs.GetZoneArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/**
 * The site's TLS certificate and its hosted zone. By default an ACM certificate for the apex and www, validated
 * through DNS records in the zone, with a {@link CertificateValidation} that waits for issuance, so that the HTTPS
 * listener is only created once the certificate can be used. A user may bring an existing certificate instead.
 */
public final class Certificate extends ComponentResource {
    private final Output<String> zoneId;
    private final Output<String> certificateArn;

    public Certificate(String name, Settings.Edge edge, ComponentResourceOptions options) {
        super(Components.type("edge", "Certificate"), name, options);
        zoneId = edge.hostedZoneId().map(Output::of).orElseGet(() -> Route53Functions.getZone(
                GetZoneArgs.builder().name(edge.domain()).privateZone(false).build(),
                Components.invoke(this)).applyValue(zone -> zone.zoneId()));

        if (edge.certificateArn().isPresent()) {
            certificateArn = Output.of(edge.certificateArn().get());
        } else {
            var certificate = new com.pulumi.aws.acm.Certificate(name + "-cert", CertificateArgs.builder()
                    .domainName(edge.domain())
                    .subjectAlternativeNames(edge.siteHost())
                    .validationMethod("DNS")
                    .keyAlgorithm("RSA_2048")
                    .tags(Map.of("Name", edge.siteHost()))
                    .build(), child(this));
            List<Output<String>> validationFqdns = new ArrayList<>();
            for (String host : List.of(edge.domain(), edge.siteHost())) {
                Output<CertificateDomainValidationOption> option = certificate.domainValidationOptions()
                        .applyValue(options1 -> optionFor(options1, host));
                var record = new Record(name + "-validation-" + host, RecordArgs.builder()
                        .zoneId(zoneId)
                        .name(option.applyValue(o -> o.resourceRecordName().orElseThrow()))
                        .type(option.applyValue(o -> com.pulumi.core.Either.ofLeft(o.resourceRecordType().orElseThrow())))
                        .records(option.applyValue(o -> List.of(o.resourceRecordValue().orElseThrow())))
                        .ttl(300)
                        // ACM reuses the same validation record when a certificate is replaced.
                        .allowOverwrite(true)
                        .build(), child(this));
                validationFqdns.add(record.fqdn());
            }
            var validation = new CertificateValidation(name + "-validation", CertificateValidationArgs.builder()
                    .certificateArn(certificate.arn())
                    .validationRecordFqdns(Output.all(validationFqdns))
                    .build(), child(this));
            certificateArn = validation.certificateArn();
        }
        registerOutputs(Map.of("zoneId", zoneId, "certificateArn", certificateArn));
    }

    private static CertificateDomainValidationOption optionFor(List<CertificateDomainValidationOption> options,
                                                               String host) {
        return options.stream()
                .filter(o -> o.domainName().map(host::equals).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("ACM returned no validation option for " + host));
    }

    /** The hosted zone the site's records live in. */
    public Output<String> zoneId() {
        return zoneId;
    }

    /** The ARN of a certificate that is issued and ready for the HTTPS listener. */
    public Output<String> certificateArn() {
        return certificateArn;
    }
}
