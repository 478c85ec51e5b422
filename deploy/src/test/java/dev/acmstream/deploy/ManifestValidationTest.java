package dev.acmstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.strimzi.api.kafka.Crds;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, checked offline: Kubernetes resources against the Flink Kubernetes
 * Operator's and Strimzi's CRD schemas and model classes, and the compose file and Dockerfile
 * against what the build produces.
 */
class ManifestValidationTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Strict: a field the model classes do not know is an error, as a typo would be. */
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Path K8S = Path.of("k8s");

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(p, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    private static JsonNode schemaOf(CustomResourceDefinition crd, String version) {
        var v = crd.getSpec().getVersions().stream().filter(x -> x.getName().equals(version)).findFirst().orElseThrow();
        return new ObjectMapper().valueToTree(v.getSchema().getOpenAPIV3Schema());
    }

    @Test
    void flinkDeploymentMatchesTheOperatorSchema() throws IOException {
        List<JsonNode> docs = documents(K8S.resolve("flink-deployment.yaml"));
        assertThat(docs).hasSize(1);
        JsonNode d = docs.get(0);
        assertThat(d.path("kind").asText()).isEqualTo("FlinkDeployment");
        JsonNode crd;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            crd = YAML.readTree(in);
        }
        JsonNode schema = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals("v1beta1")) {
                schema = v.path("schema").path("openAPIV3Schema");
            }
        }
        assertThat(schema).isNotNull();
        // The newest operator API on Maven Central (1.10) predates Flink 2; operator 1.13 accepts v2_2.
        List<String> errors = new CrdSchema(schema, Map.of("spec.flinkVersion", Set.of("v2_0", "v2_1", "v2_2"))).validate(d);
        assertThat(errors).isEmpty();
        assertThat(d.at("/spec/job/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/acm-stream-job.jar");
        assertThat(d.at("/spec/podTemplate/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
        assertThat(d.at("/spec/taskManager/resource/memory").asText()).isNotEmpty();
        assertThat(d.at("/spec/flinkConfiguration/env.java.opts.taskmanager").asText()).contains("ai.djl.offline=true");
        // A wrong field must be caught: the validator is not a no-op.
        ObjectNode broken = d.deepCopy();
        ((ObjectNode) broken.get("spec")).put("taskManagr", "typo");
        ((ObjectNode) broken.at("/spec/job")).put("parallelism", "four");
        assertThat(new CrdSchema(schema, Map.of()).validate(broken)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void kafkaResourcesMatchStrimzisModelAndSchemas() throws IOException {
        List<JsonNode> docs = documents(K8S.resolve("kafka.yaml"));
        int topics = 0;
        for (JsonNode d : docs) {
            String kind = d.path("kind").asText();
            String yaml = YAML.writeValueAsString(d);
            List<String> errors;
            switch (kind) {
                case "Kafka" -> {
                    STRICT.readValue(yaml, Kafka.class);
                    errors = new CrdSchema(schemaOf(Crds.kafka(), "v1beta2"), Map.of()).validate(d);
                }
                case "KafkaNodePool" -> {
                    STRICT.readValue(yaml, KafkaNodePool.class);
                    errors = new CrdSchema(schemaOf(Crds.kafkaNodePool(), "v1beta2"), Map.of()).validate(d);
                }
                case "KafkaTopic" -> {
                    STRICT.readValue(yaml, KafkaTopic.class);
                    errors = new CrdSchema(schemaOf(Crds.kafkaTopic(), "v1beta2"), Map.of()).validate(d);
                    topics++;
                }
                case "KafkaUser" -> {
                    STRICT.readValue(yaml, KafkaUser.class);
                    errors = new CrdSchema(schemaOf(Crds.kafkaUser(), "v1beta2"), Map.of()).validate(d);
                }
                default -> throw new AssertionError("unexpected kind " + kind);
            }
            assertThat(errors).as(kind + " " + d.at("/metadata/name").asText()).isEmpty();
        }
        assertThat(topics).isEqualTo(4);
        JsonNode kafka = docs.stream().filter(d -> d.path("kind").asText().equals("Kafka")).findFirst().orElseThrow();
        assertThat(kafka.at("/spec/kafka/config/transaction.state.log.replication.factor").asInt()).isEqualTo(3);
    }

    @Test
    void composeRunsKafkaAJobManagerTwoTaskManagersAndSubmitsTheJob() throws IOException {
        JsonNode c = YAML.readTree(Path.of("docker/docker-compose.yml").toFile());
        JsonNode services = c.path("services");
        assertThat(services.has("kafka")).isTrue();
        assertThat(services.has("kafka-init")).isTrue();
        assertThat(services.at("/jobmanager/command").asText()).isEqualTo("jobmanager");
        assertThat(services.at("/taskmanager/command").asText()).isEqualTo("taskmanager");
        assertThat(services.at("/taskmanager/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).contains("controller");
        assertThat(services.at("/submit-job/command/0").asText()).contains("flink run").contains("acm-stream-job.jar");
        assertThat(services.at("/taskmanager/environment/FLINK_PROPERTIES").asText()).contains("taskmanager.memory.task.off-heap.size");
    }

    @Test
    void dockerfileCopiesWhatTheBuildMakes() throws IOException {
        String df = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(df).startsWith("# acm-stream").contains("FROM flink:2.2-java17");
        Matcher m = Pattern.compile("(?m)^COPY (\\S+) ").matcher(df);
        List<String> sources = new ArrayList<>();
        while (m.find()) {
            sources.add(m.group(1));
        }
        assertThat(sources).contains("flink-job/target/flink-lib/*.jar", "flink-job/target/acm-stream-job.jar", "models/");
        // The first two come from ./mvnw package, in flink-job's pom; models/ is in the repository.
        String pom = Files.readString(Path.of("../flink-job/pom.xml"));
        assertThat(pom).contains("<outputDirectory>${project.build.directory}/flink-lib</outputDirectory>")
                .contains("<outputFile>${project.build.directory}/acm-stream-job.jar</outputFile>");
        assertThat(Path.of("../models")).isDirectory();
    }
}
