package id.reklame.system;

import id.reklame.command.CommandApplication;
import id.reklame.ingress.IngressProxyApplication;
import id.reklame.query.QueryApplication;
import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.worker.WorkerApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** All four services in this JVM over a database and topics of their own, each on its own port. */
final class RunningSystem implements AutoCloseable {

    private static final String INGRESS_EXCLUDES = "--spring.autoconfigure.exclude="
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
            + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    final String command;
    final String query;
    final String worker;
    final String ingress;

    RunningSystem(String name) {
        RealInfrastructure infrastructure = RealInfrastructure.shared();
        Database database = infrastructure.newDatabase(name);
        String suffix = infrastructure.uniqueSuffix(name);
        String applications = "reklame.applications.v1." + suffix;
        String decisions = "reklame.permit-decisions.v1." + suffix;
        infrastructure.createTopics(12, applications, decisions);
        List<String> shared = List.of("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--reklame.topics.applications=" + applications, "--reklame.topics.decisions=" + decisions,
                "--reklame.kafka.group-prefix=" + suffix + ".");
        command = start(CommandApplication.application(), shared);
        query = start(QueryApplication.application(), shared);
        worker = start(WorkerApplication.application(), shared);
        ingress = start(IngressProxyApplication.application(), List.of("--server.port=0", INGRESS_EXCLUDES,
                "--REKLAME_COMMAND_URL=" + command, "--REKLAME_QUERY_URL=" + query, "--PERMIT_WORKER_URL=" + worker,
                "--reklame.ingress.edge.rate-limit.enabled=false"));
    }

    private String start(SpringApplicationBuilder application, List<String> args) {
        ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
        services.add(context);
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        services.reversed().forEach(ConfigurableApplicationContext::close);
    }
}
