package id.reklame.platform.kafka;

import id.reklame.contracts.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The topic names a deployment uses; the published names unless a test isolates itself. */
@ConfigurationProperties("reklame.topics")
public record TopicNames(String applications, String decisions, Integer partitions) {

    public TopicNames {
        applications = applications == null ? Topics.APPLICATIONS : applications;
        decisions = decisions == null ? Topics.PERMIT_DECISIONS : decisions;
        partitions = partitions == null ? Topics.DEFAULT_PARTITIONS : partitions;
    }
}
