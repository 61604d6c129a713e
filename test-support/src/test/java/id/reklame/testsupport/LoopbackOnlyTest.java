package id.reklame.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The servers must answer on 127.0.0.1 and on none of this machine's other addresses. */
class LoopbackOnlyTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();

    @Test
    void postgresAndKafkaListenOnLoopbackOnly() throws SocketException {
        int postgresPort = URI.create(infrastructure.newDatabase("ports").jdbcUrl().substring("jdbc:".length())).getPort();
        int kafkaPort = Integer.parseInt(infrastructure.kafkaBootstrapServers().split(":")[1]);
        List<InetAddress> otherAddresses = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .toList();

        assertThat(reachable(InetAddress.getLoopbackAddress(), postgresPort)).isTrue();
        assertThat(reachable(InetAddress.getLoopbackAddress(), kafkaPort)).isTrue();
        assumeThat(otherAddresses).as("this machine has no address but loopback").isNotEmpty();
        for (InetAddress address : otherAddresses) {
            assertThat(reachable(address, postgresPort)).as("PostgreSQL on " + address).isFalse();
            assertThat(reachable(address, kafkaPort)).as("Kafka on " + address).isFalse();
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
