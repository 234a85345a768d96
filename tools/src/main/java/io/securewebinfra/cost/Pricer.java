package io.securewebinfra.cost;

import io.securewebinfra.plandoc.Plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prices one planned resource from its inputs. Each rule reads only what the plan holds (types, classes, sizes,
 * Multi-AZ, retention) and states its arithmetic in the line's basis; usage-based charges use the table's stated
 * assumptions. A type with no rule and no entry in the table's free list is "not priced".
 */
final class Pricer {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal DAYS_PER_MONTH = new BigDecimal("30.4");

    private final PriceTable table;
    private final PriceTable.Region region;
    private final BigDecimal hours;
    private final Map<String, Plan.Resource> byName;
    private final List<Plan.Resource> resources;

    Pricer(PriceTable table, String region, List<Plan.Resource> resources) {
        this.table = table;
        this.region = table.region(region);
        this.hours = table.hoursPerMonth();
        this.resources = resources;
        this.byName = resources.stream().collect(Collectors.toMap(Plan.Resource::name, Function.identity(), (a, b) -> a));
    }

    CostLine price(Plan.Resource r) {
        return switch (r.type()) {
            case "aws:ec2/instance:Instance" -> instance(r);
            case "aws:autoscaling/group:Group" -> autoScalingGroup(r);
            case "aws:ec2/natGateway:NatGateway" -> natGateway(r);
            case "aws:ec2/eip:Eip" -> hourly(r, "publicIpv4.hour", "public IPv4 address");
            case "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer" -> loadBalancer(r);
            case "aws:rds/instance:Instance" -> database(r);
            case "aws:cloudwatch/metricAlarm:MetricAlarm" -> alarm(r);
            case "aws:cloudwatch/dashboard:Dashboard" -> monthly(r, "cloudwatch.dashboard", "dashboard");
            case "aws:cloudwatch/logGroup:LogGroup" -> logGroup(r);
            case "aws:ec2/flowLog:FlowLog" -> flowLog(r);
            case "aws:secretsmanager/secret:Secret" -> secret(r);
            case "aws:ssm/parameter:Parameter" -> parameter(r);
            case "aws:sns/topic:Topic" -> topic(r);
            case "aws:sns/topicSubscription:TopicSubscription" -> subscription(r);
            case "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket" -> bucket(r);
            case "aws:route53/zone:Zone" -> hostedZone(r);
            case "aws:kms/key:Key" -> monthly(r, "kms.keyMonth", "customer managed key");
            default -> table.freeReason(r.type())
                    .map(reason -> CostLine.free(r.name(), r.type(), reason))
                    .orElseGet(() -> CostLine.notPriced(r.name(), r.type(),
                            "no price rule for this type; it may cost money"));
        };
    }

    private CostLine instance(Plan.Resource r) {
        String type = r.string("instanceType");
        Optional<BigDecimal> hourly = region.price("ec2.instanceHour", type);
        if (hourly.isEmpty()) {
            return missing(r, "EC2 instance type " + type);
        }
        long volumeGb = number(r, "rootBlockDevice.volumeSize", 8);
        String volumeType = Optional.ofNullable(r.string("rootBlockDevice.volumeType")).orElse("gp3");
        Optional<BigDecimal> gbMonth = region.price("ebs.gbMonth", volumeType);
        if (gbMonth.isEmpty()) {
            return missing(r, "EBS volume type " + volumeType);
        }
        BigDecimal cost = hours.multiply(hourly.get()).add(Money.of(volumeGb).multiply(gbMonth.get()));
        return CostLine.priced(r.name(), r.type(), cost, type + " " + Money.show(hours) + " h x "
                + Money.show(hourly.get()) + " + " + volumeGb + " GB " + volumeType + " x " + Money.show(gbMonth.get()));
    }

    /** desiredCapacity instances of the launch template the group starts (named in its dependencies). */
    private CostLine autoScalingGroup(Plan.Resource r) {
        long capacity = number(r, "desiredCapacity", number(r, "minSize", -1));
        Optional<Plan.Resource> template = r.dependsOn().stream().map(byName::get)
                .filter(d -> d != null && d.type().equals("aws:ec2/launchTemplate:LaunchTemplate")).findFirst();
        if (capacity < 0 || template.isEmpty() || template.get().string("instanceType") == null) {
            return CostLine.notPriced(r.name(), r.type(),
                    "no desired capacity or no launch template with an instance type among its dependencies");
        }
        String type = template.get().string("instanceType");
        Optional<BigDecimal> hourly = region.price("ec2.instanceHour", type);
        if (hourly.isEmpty()) {
            return missing(r, "EC2 instance type " + type);
        }
        long volumeGb = template.get().input("blockDeviceMappings").filter(List.class::isInstance)
                .map(list -> ((List<?>) list).stream().filter(Map.class::isInstance)
                        .map(m -> ((Map<?, ?>) m).get("ebs")).filter(Map.class::isInstance)
                        .map(ebs -> ((Map<?, ?>) ebs).get("volumeSize")).filter(Number.class::isInstance)
                        .mapToLong(n -> ((Number) n).longValue()).sum())
                .orElse(0L);
        BigDecimal gbMonth = region.required("ebs.gbMonth.gp3");
        BigDecimal each = hours.multiply(hourly.get()).add(Money.of(volumeGb).multiply(gbMonth));
        return CostLine.priced(r.name(), r.type(), each.multiply(Money.of(capacity)), capacity + " x (" + type + " "
                + Money.show(hours) + " h x " + Money.show(hourly.get()) + " + " + volumeGb + " GB gp3 x "
                + Money.show(gbMonth) + ") from launch template " + template.get().name());
    }

    private CostLine natGateway(Plan.Resource r) {
        BigDecimal hourly = region.required("nat.hour");
        BigDecimal perGb = region.required("nat.gbProcessed");
        BigDecimal gb = table.assumption("natGbPerGatewayMonth");
        return CostLine.priced(r.name(), r.type(), hours.multiply(hourly).add(gb.multiply(perGb)),
                Money.show(hours) + " h x " + Money.show(hourly) + " + " + Money.show(gb) + " GB processed x "
                        + Money.show(perGb) + " (assumed volume)");
    }

    private CostLine loadBalancer(Plan.Resource r) {
        String kind = Optional.ofNullable(r.string("loadBalancerType")).orElse("application");
        if (!kind.equals("application")) {
            return missing(r, kind + " load balancers");
        }
        BigDecimal hourly = region.required("alb.hour");
        BigDecimal lcuHour = region.required("alb.lcuHour");
        BigDecimal lcus = table.assumption("albLcuPerHour");
        // An internet-facing load balancer holds one public IPv4 address in each of its subnets.
        boolean internal = Boolean.TRUE.equals(r.input("internal").orElse(false));
        long addresses = internal ? 0 : r.input("subnets").filter(List.class::isInstance).map(l -> (long) ((List<?>) l).size()).orElse(0L);
        BigDecimal ipv4Hour = region.required("publicIpv4.hour");
        BigDecimal cost = hours.multiply(hourly.add(lcus.multiply(lcuHour)).add(Money.of(addresses).multiply(ipv4Hour)));
        return CostLine.priced(r.name(), r.type(), cost, Money.show(hours) + " h x (" + Money.show(hourly) + " + "
                + Money.show(lcus) + " LCU x " + Money.show(lcuHour) + " + " + addresses + " public IPv4 x "
                + Money.show(ipv4Hour) + ") (assumed LCUs)");
    }

    /** Multi-AZ doubles both the instance and its storage; a read replica's storage is its source's. */
    private CostLine database(Plan.Resource r) {
        Plan.Resource storageOf = Optional.ofNullable(r.string("replicateSourceDb")).flatMap(this::databaseNamed).orElse(r);
        String engine = Optional.ofNullable(storageOf.string("engine")).orElse("mysql");
        String instanceClass = r.string("instanceClass");
        Optional<BigDecimal> hourly = region.price("rds." + engine + ".instanceHour", instanceClass);
        if (hourly.isEmpty()) {
            return missing(r, "RDS " + engine + " instance class " + instanceClass);
        }
        long storageGb = number(storageOf, "allocatedStorage", -1);
        String storageType = Optional.ofNullable(storageOf.string("storageType")).orElse("gp2");
        Optional<BigDecimal> gbMonth = region.price("rds.storageGbMonth", storageType);
        if (storageGb < 0 || gbMonth.isEmpty()) {
            return missing(r, "RDS storage (" + storageType + ", size " + (storageGb < 0 ? "unknown" : storageGb + " GB") + ")");
        }
        boolean multiAz = Boolean.TRUE.equals(r.input("multiAz").orElse(false));
        BigDecimal copies = Money.of(multiAz ? 2 : 1);
        BigDecimal cost = hours.multiply(hourly.get()).add(Money.of(storageGb).multiply(gbMonth.get())).multiply(copies);
        return CostLine.priced(r.name(), r.type(), cost, (multiAz ? "Multi-AZ 2 x (" : "(") + instanceClass + " "
                + Money.show(hours) + " h x " + Money.show(hourly.get()) + " + " + storageGb + " GB " + storageType
                + " x " + Money.show(gbMonth.get()) + ")" + (storageOf == r ? "" : ", storage of its source " + storageOf.name()));
    }

    private Optional<Plan.Resource> databaseNamed(String identifier) {
        return resources.stream().filter(d -> d.type().equals("aws:rds/instance:Instance")
                && identifier.equals(d.string("identifier"))).findFirst();
    }

    /** One alarm metric a month; a period under a minute is a high-resolution alarm; metric math counts each metric. */
    private CostLine alarm(Plan.Resource r) {
        boolean highResolution = number(r, "period", 60) < 60;
        long metrics = r.input("metricQueries").filter(List.class::isInstance)
                .map(q -> ((List<?>) q).stream().filter(m -> m instanceof Map<?, ?> map && map.get("metric") != null).count())
                .orElse(1L);
        BigDecimal each = region.required(highResolution ? "cloudwatch.alarmHighResolution" : "cloudwatch.alarmStandard");
        return CostLine.priced(r.name(), r.type(), each.multiply(Money.of(Math.max(metrics, 1))),
                Math.max(metrics, 1) + " " + (highResolution ? "high-resolution" : "standard") + " alarm metric x "
                        + Money.show(each));
    }

    private CostLine logGroup(Plan.Resource r) {
        BigDecimal storagePrice = region.required("cloudwatch.logsStorageGbMonth");
        long retentionDays = number(r, "retentionInDays", 0);
        BigDecimal months = retentionDays == 0 ? table.assumption("neverExpiringLogMonths")
                : Money.of(retentionDays).divide(DAYS_PER_MONTH, 2, RoundingMode.HALF_UP);
        boolean flowLogDestination = resources.stream().anyMatch(f -> f.type().equals("aws:ec2/flowLog:FlowLog")
                && String.valueOf(f.string("logDestination")).endsWith(":log-group:" + r.string("name")));
        BigDecimal monthlyGb = flowLogDestination ? table.assumption("flowLogsGbPerFlowLogMonth")
                : table.assumption("logsIngestGbPerGroupMonth");
        BigDecimal stored = monthlyGb.multiply(months);
        BigDecimal storage = stored.multiply(storagePrice);
        if (flowLogDestination) {
            return CostLine.priced(r.name(), r.type(), storage, Money.show(stored) + " GB stored x "
                    + Money.show(storagePrice) + " (flow logs, ingestion priced with the flow log)");
        }
        BigDecimal ingestPrice = region.required("cloudwatch.logsIngestGb");
        return CostLine.priced(r.name(), r.type(), monthlyGb.multiply(ingestPrice).add(storage), Money.show(monthlyGb)
                + " GB ingested x " + Money.show(ingestPrice) + " + " + Money.show(stored) + " GB stored x "
                + Money.show(storagePrice) + " (assumed volume, " + (retentionDays == 0 ? "no expiry" : retentionDays + " days kept") + ")");
    }

    private CostLine flowLog(Plan.Resource r) {
        if (!"cloud-watch-logs".equals(Optional.ofNullable(r.string("logDestinationType")).orElse("cloud-watch-logs"))) {
            return missing(r, "flow logs delivered to " + r.string("logDestinationType"));
        }
        BigDecimal gb = table.assumption("flowLogsGbPerFlowLogMonth");
        BigDecimal perGb = region.required("cloudwatch.vendedLogsIngestGb");
        return CostLine.priced(r.name(), r.type(), gb.multiply(perGb), Money.show(gb) + " GB vended logs x "
                + Money.show(perGb) + " (assumed volume)");
    }

    private CostLine secret(Plan.Resource r) {
        BigDecimal monthly = region.required("secretsManager.secretMonth");
        BigDecimal calls = table.assumption("secretsApiCallsPerSecretMonth");
        BigDecimal per10k = region.required("secretsManager.per10kApiCalls");
        return CostLine.priced(r.name(), r.type(), monthly.add(calls.divide(BigDecimal.valueOf(10_000)).multiply(per10k)),
                Money.show(monthly) + " + " + Money.show(calls) + " API calls x " + Money.show(per10k) + " per 10,000");
    }

    private CostLine parameter(Plan.Resource r) {
        String tier = Optional.ofNullable(r.string("tier")).orElse("Standard");
        return switch (tier) {
            case "Standard" -> CostLine.free(r.name(), r.type(), "standard-tier parameters are free");
            case "Advanced" -> monthly(r, "ssm.advancedParameterMonth", "advanced parameter");
            default -> missing(r, "SSM parameters of tier " + tier);
        };
    }

    private CostLine topic(Plan.Resource r) {
        BigDecimal publishes = table.assumption("snsPublishesPerTopicMonth");
        BigDecimal perMillion = region.required("sns.perMillionPublishes");
        return CostLine.priced(r.name(), r.type(), publishes.divide(MILLION).multiply(perMillion),
                Money.show(publishes) + " publishes x " + Money.show(perMillion) + " per million (assumed volume)");
    }

    private CostLine subscription(Plan.Resource r) {
        if (!"email".equals(r.string("protocol"))) {
            return missing(r, "SNS deliveries over " + r.string("protocol"));
        }
        BigDecimal mails = table.assumption("emailNotificationsPerSubscriptionMonth");
        BigDecimal per100k = region.required("sns.per100kEmail");
        return CostLine.priced(r.name(), r.type(), mails.divide(BigDecimal.valueOf(100_000)).multiply(per100k),
                Money.show(mails) + " e-mails x " + Money.show(per100k) + " per 100,000 (assumed volume)");
    }

    private CostLine bucket(Plan.Resource r) {
        BigDecimal gb = table.assumption("s3GbPerBucket");
        BigDecimal gbMonth = region.required("s3.standardGbMonth");
        BigDecimal puts = table.assumption("s3PutRequestsPerBucketMonth");
        BigDecimal per1000 = region.required("s3.per1000Put");
        return CostLine.priced(r.name(), r.type(), gb.multiply(gbMonth).add(puts.divide(BigDecimal.valueOf(1000)).multiply(per1000)),
                Money.show(gb) + " GB x " + Money.show(gbMonth) + " + " + Money.show(puts) + " PUTs x "
                        + Money.show(per1000) + " per 1,000 (assumed volume)");
    }

    private CostLine hostedZone(Plan.Resource r) {
        BigDecimal monthly = region.required("route53.hostedZoneMonth");
        BigDecimal queries = table.assumption("route53QueriesPerZoneMonth");
        BigDecimal perMillion = region.required("route53.perMillionQueries");
        return CostLine.priced(r.name(), r.type(), monthly.add(queries.divide(MILLION).multiply(perMillion)),
                Money.show(monthly) + " + " + Money.show(queries) + " queries x " + Money.show(perMillion) + " per million (assumed volume)");
    }

    private CostLine hourly(Plan.Resource r, String path, String what) {
        BigDecimal hourly = region.required(path);
        return CostLine.priced(r.name(), r.type(), hours.multiply(hourly),
                what + " " + Money.show(hours) + " h x " + Money.show(hourly));
    }

    private CostLine monthly(Plan.Resource r, String path, String what) {
        BigDecimal monthly = region.required(path);
        return CostLine.priced(r.name(), r.type(), monthly, what + " " + Money.show(monthly) + " a month");
    }

    private CostLine missing(Plan.Resource r, String what) {
        return CostLine.notPriced(r.name(), r.type(), "the price table has no price for " + what + " in " + region.name());
    }

    private static long number(Plan.Resource r, String path, long otherwise) {
        return r.input(path).filter(Number.class::isInstance).map(n -> ((Number) n).longValue()).orElse(otherwise);
    }
}
