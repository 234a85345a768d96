package io.securewebinfra.plan;

import io.securewebinfra.plandoc.Plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.securewebinfra.TestStacks;
import io.securewebinfra.review.PlanDiff;
import io.securewebinfra.review.PropertyChange;
import io.securewebinfra.review.ResourceChange;
import io.securewebinfra.review.Snapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan document: every plan, committed or fresh, matches its published schema (plans/schema/plan.schema.json),
 * the schema refuses what is not a plan, and each resource's id and outputs follow the rule docs/plan-format.md
 * states. The pack's test/schema.test.ts checks the same snapshots with ajv.
 */
class PlanDocumentTest {
    private static final Path PROJECT = Path.of(".");
    private static final Path SCHEMA = PROJECT.resolve("plans/schema/plan.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema PLAN_SCHEMA = schema();

    private static Schema schema() {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(JSON.readTree(SCHEMA.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA, e);
        }
    }

    private static List<String> errors(JsonNode document) {
        return PLAN_SCHEMA.validate(document).stream().map(Error::toString).toList();
    }

    /** The user's committed snapshot: only for what must hold of any stack file (the schema), never for values. */
    private static JsonNode snapshot(String stack) throws IOException {
        return JSON.readTree(Snapshots.file(PROJECT, stack).toFile());
    }

    /** A fixture stack's plan as a snapshot holds it: for tests that name its resources or values. */
    private static JsonNode fixtureSnapshot(String stack) throws IOException {
        return JSON.readTree(TestStacks.snapshotJson(stack));
    }

    @Test
    void theSchemaIsAValidDraft2020To12Schema() throws IOException {
        // The meta-schema ships inside the validator: no network is needed.
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertEquals(List.of(), meta.validate(JSON.readTree(SCHEMA.toFile())).stream().map(Error::toString).toList());
    }

    @Test
    void theCommittedSnapshotsMatchTheSchema() throws IOException {
        List<String> stacks = Snapshots.stacks(PROJECT);
        assertEquals(List.of("dev", "prod"), stacks);
        for (String stack : stacks) {
            assertEquals(List.of(), errors(snapshot(stack)), "plans/" + stack + ".json");
        }
    }

    @Test
    void freshPlansMatchTheSchemaInBothWebTierModes() throws IOException {
        for (String stack : List.of("dev", "prod")) {
            for (var overrides : List.of(Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN),
                    TestStacks.autoscaling(Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN)))) {
                String json = TestStacks.plan(stack, overrides).toJson();
                assertEquals(List.of(), errors(JSON.readTree(json)), stack + " " + overrides.keySet());
                // With the secrets set, as a real run has them: neither may appear among the outputs either.
                assertFalse(json.contains(TestStacks.DB_PASSWORD), stack);
                assertFalse(json.contains(TestStacks.SUMO_TOKEN), stack);
            }
        }
    }

    /** Each case breaks one rule of the document; the schema must notice it, by the keyword that states the rule. */
    @ParameterizedTest
    @CsvSource({"a resource without type, required", "an unknown top-level field, additionalProperties",
            "an unknown resource field, additionalProperties", "a duplicated dependency, uniqueItems",
            "an id on a component, not", "an AWS resource without id, required", "outputs without id, not",
            "a null input, type", "protect written as false, const", "no stack, required"})
    void theSchemaRefusesWhatIsNotAPlan(String breakage, String keyword) throws IOException {
        ObjectNode plan = (ObjectNode) fixtureSnapshot("prod");
        ArrayNode resources = (ArrayNode) plan.get("resources");
        ObjectNode component = first(resources, "secure-web-infra:");
        ObjectNode database = first(resources, "aws:rds/instance:Instance");
        switch (breakage) {
            case "a resource without type" -> database.remove("type");
            case "an unknown top-level field" -> plan.put("generatedAt", "2025-01-01");
            case "an unknown resource field" -> database.put("urn", "urn:pulumi:prod::x::y::z");
            case "a duplicated dependency" -> {
                ArrayNode dependsOn = (ArrayNode) database.get("dependsOn");
                dependsOn.add(dependsOn.get(0).asText());
            }
            case "an id on a component" -> component.put("id", "id-0123");
            case "an AWS resource without id" -> database.remove("id");
            case "outputs without id" -> component.putObject("outputs");
            case "a null input" -> ((ObjectNode) database.get("inputs")).putNull("kmsKeyId");
            case "protect written as false" -> component.put("protect", false);
            case "no stack" -> plan.remove("stack");
            default -> throw new IllegalArgumentException(breakage);
        }
        List<Error> errors = PLAN_SCHEMA.validate(plan);
        assertTrue(errors.stream().anyMatch(e -> keyword.equals(e.getKeyword())), breakage + ": " + errors);
    }

    private static ObjectNode first(ArrayNode resources, String typePrefix) {
        for (JsonNode r : resources) {
            if (r.path("type").asText().startsWith(typePrefix)) {
                return (ObjectNode) r;
            }
        }
        throw new IllegalArgumentException("no " + typePrefix + " resource in the plan");
    }

    @Test
    void everyResourceOfTheCloudHasItsIdAndEveryComponentNone() {
        Plan plan = TestStacks.plan("prod");
        for (Plan.Resource r : plan.resources()) {
            if (r.isComponent()) {
                assertNull(r.id(), r.name());
                assertEquals(Map.of(), r.outputs(), r.name());
            } else {
                assertTrue(r.id() != null && !r.id().isEmpty(), r.name());
            }
        }
        // One source of ids: Plan.ids() is read from the resources.
        assertEquals(plan.named("network-vpc").id(), plan.ids().get("network-vpc"));
        assertEquals(plan.resources().stream().filter(r -> !r.isComponent()).count(), plan.ids().size());
    }

    @Test
    void outputsHoldWhatTheCloudComputedAndTheIdentifyingOnes() {
        Plan plan = TestStacks.plan("prod");
        Plan.Resource database = plan.named("database-primary");
        // Computed by the cloud: recorded.
        assertTrue(database.output("address").orElseThrow().toString().endsWith(".rds.amazonaws.com"));
        assertEquals(database.output("address").orElseThrow() + ":3306", database.output("endpoint").orElseThrow());
        assertTrue(database.output("arn").orElseThrow().toString().startsWith("arn:aws:rds:"));
        // Inputs echoed back: not repeated (the identifier and the password are the program's, not the cloud's).
        assertTrue(database.input("identifier").isPresent());
        assertFalse(database.outputs().containsKey("identifier"));
        assertFalse(database.outputs().containsKey("password"));
        // A name the program chose is an echo too, but a reference is resolved by it, so it is always there.
        Plan.Resource logGroup = plan.named("network-flow-logs");
        assertEquals(logGroup.input("name").orElseThrow(), logGroup.output("name").orElseThrow());
        Plan.Resource alb = plan.named("edge-alb");
        for (String computed : List.of("arn", "arnSuffix", "dnsName", "zoneId", "name")) {
            assertTrue(alb.output(computed).isPresent(), computed);
        }
        assertEquals(alb.id(), alb.output("arn").orElseThrow());
    }

    @Test
    void aReferenceResolvesByValueToTheResourceItNames() {
        Plan plan = TestStacks.plan("prod");
        // Inputs hold ids and computed outputs of other resources; the plan now says exactly whose they are.
        assertEquals("firewalls-db-sg", ownerOf(plan,
                ((List<?>) plan.named("database-primary").input("vpcSecurityGroupIds").orElseThrow()).get(0)));
        assertEquals("edge-alb", ownerOf(plan, plan.named("edge-https").string("loadBalancerArn")));
        assertEquals("edge-alb", ownerOf(plan, plan.named("monitoring-elb-5xx").string("dimensions.LoadBalancer")));
        assertEquals("monitoring-alarms", ownerOf(plan,
                ((List<?>) plan.named("monitoring-elb-5xx").input("alarmActions").orElseThrow()).get(0)));
    }

    /** The one resource whose id or computed outputs hold a value. */
    private static String ownerOf(Plan plan, Object value) {
        List<String> owners = plan.resources().stream()
                .filter(r -> value.equals(r.id()) || (r.outputs().containsValue(value) && !r.inputs().containsValue(value)))
                .map(Plan.Resource::name).toList();
        assertEquals(1, owners.size(), value + " is held by " + owners);
        return owners.get(0);
    }

    @Test
    void theReviewComparesInputsNotTheOutputsTheyLeadTo() throws IOException {
        JsonNode before = fixtureSnapshot("dev");
        ObjectNode after = before.deepCopy();
        ObjectNode logGroup = null;
        for (JsonNode r : after.get("resources")) {
            if (r.path("name").asText().equals("network-flow-logs")) {
                logGroup = (ObjectNode) r;
            }
        }
        // Renaming a log group changes its input, and with it the id and outputs the cloud derives from it.
        String renamed = "/secure-web-infra/dev/flow-logs";
        ((ObjectNode) logGroup.get("inputs")).put("name", renamed);
        logGroup.put("id", renamed);
        ((ObjectNode) logGroup.get("outputs")).put("name", renamed);
        ((ObjectNode) logGroup.get("outputs")).put("arn", "arn:aws:logs:eu-west-1:123456789012:log-group:" + renamed);
        PlanDiff diff = PlanDiff.between(before, after);
        assertEquals(1, diff.changes().size());
        ResourceChange change = diff.changes().get(0);
        assertEquals(List.of("name"), change.properties().stream().map(PropertyChange::path).toList(),
                "only the input is a change to review; the outputs follow from it");

        // Ids and outputs alone (a mock cloud that answers differently) are no change of the infrastructure.
        ObjectNode reanswered = before.deepCopy();
        for (JsonNode r : reanswered.get("resources")) {
            if (r.has("id")) {
                ((ObjectNode) r).put("id", "other-" + r.get("id").asText());
                ((ObjectNode) r).putObject("outputs").put("arn", "arn:other");
            }
        }
        assertTrue(PlanDiff.between(before, reanswered).isEmpty());
    }

    @Test
    void theSchemaFileIsWhereTheDocumentationSaysItIs() throws IOException {
        String documentation = Files.readString(PROJECT.resolve("docs/plan-format.md"));
        assertTrue(documentation.contains("plans/schema/plan.schema.json"));
        assertTrue(Files.readString(PROJECT.resolve("README.md")).contains("docs/plan-format.md"));
    }

    /** The one codec: a plan read back from its JSON is written as the same bytes, committed or fixture. */
    @Test
    void aPlanReadBackFromItsJsonIsWrittenAsTheSameBytes() throws IOException {
        for (String stack : List.of("dev", "prod")) {
            String committed = Files.readString(Snapshots.file(PROJECT, stack));
            assertEquals(committed, Plan.fromJson(JSON.readTree(committed)).toJson(), stack);
            String fixture = TestStacks.snapshotJson(stack);
            assertEquals(fixture, Plan.fromJson(JSON.readTree(fixture)).toJson(), stack);
        }
        var error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Plan.fromJson(JSON.readTree("{\"stack\": \"dev\"}")));
        assertTrue(error.getMessage().contains("resources"), error.getMessage());
    }
}
