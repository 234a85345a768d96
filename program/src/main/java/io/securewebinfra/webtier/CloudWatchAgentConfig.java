package io.securewebinfra.webtier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.securewebinfra.webtier.Bootstrap.PULUMI_NAME;
import static io.securewebinfra.webtier.Bootstrap.requireMatch;

/**
 * The CloudWatch agent's configuration on the web servers: which of their files (Nginx, application, cloud-init and
 * bootstrap logs) it ships to which log group, and which of their metrics (memory, root disk) it reports in namespace
 * {@code CWAgent} with dimension {@code InstanceId}. The web tier owns it, next to the bootstrap that writes those
 * files and starts the agent with it. The monitoring component only stores it (the SSM parameter the servers read at
 * boot) and creates the log groups it names beforehand, with a retention period; the composition root hands it both.
 *
 * @param json          the agent's configuration file
 * @param logGroupNames the log groups it writes to, in configuration order
 * @param bootstrapLog  the one of them that holds the bootstrap's log, where a failed run says why
 */
public record CloudWatchAgentConfig(String json, List<String> logGroupNames, String bootstrapLog) {
    /** The bootstrap's log file on a server ({@code LOG_FILE} in user-data.sh). */
    static final String BOOTSTRAP_LOG_FILE = "/var/log/webserver-bootstrap.log";

    public CloudWatchAgentConfig {
        logGroupNames = List.copyOf(logGroupNames);
    }

    /** The configuration of a stack's servers, from {@code bootstrap/cloudwatch-agent.json}. */
    public static CloudWatchAgentConfig of(String project, String stack) {
        requireMatch("project", project, PULUMI_NAME);
        requireMatch("stack", stack, PULUMI_NAME);
        String json = Templates.render("cloudwatch-agent.json", Map.of("project", project, "stack", stack));
        try {
            JsonNode files = new ObjectMapper().readTree(json)
                    .path("logs").path("logs_collected").path("files").path("collect_list");
            List<String> names = new ArrayList<>();
            String bootstrapLog = null;
            for (JsonNode file : files) {
                names.add(file.path("log_group_name").asText());
                if (file.path("file_path").asText().equals(BOOTSTRAP_LOG_FILE)) {
                    bootstrapLog = file.path("log_group_name").asText();
                }
            }
            if (bootstrapLog == null) {
                throw new IllegalStateException("the CloudWatch agent template does not ship " + BOOTSTRAP_LOG_FILE);
            }
            return new CloudWatchAgentConfig(json, names, bootstrapLog);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the CloudWatch agent template is not valid JSON", e);
        }
    }
}
