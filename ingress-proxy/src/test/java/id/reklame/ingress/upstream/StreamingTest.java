package id.reklame.ingress.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import id.reklame.ingress.IngressClient;
import id.reklame.ingress.RecordingUpstream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 MB bodies pass through in both directions without being held: each side sees the start of the body while the
 * other is still producing it (halted halfway by the test), and the heap meanwhile holds nowhere near the 25 MB
 * already sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=ingress-proxy", "reklame.ingress.edge.max-request-body=64MB",
                "reklame.ingress.upstreams.query.response-timeout=60s",
                "reklame.ingress.upstreams.worker.response-timeout=60s" })
class StreamingTest {

    static final int MB = 1024 * 1024;

    static final int SIZE = 50 * MB;

    static final int HALF = SIZE / 2;

    /** Heap growth allowed while half the body is under way: buffers, not the body. */
    static final long FLAT = 12L * MB;

    static final RecordingUpstream QUERY = new RecordingUpstream("reklame-query");

    static final RecordingUpstream WORKER = new RecordingUpstream("permit-worker");

    static final RecordingUpstream COMMAND = new RecordingUpstream("reklame-command");

    @LocalServerPort
    int port;

    IngressClient ingress;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("reklame.ingress.upstreams.query.instances", QUERY::baseUrl);
        registry.add("reklame.ingress.upstreams.worker.instances", WORKER::baseUrl);
        registry.add("reklame.ingress.upstreams.command.instances", COMMAND::baseUrl);
    }

    @AfterAll
    static void stopUpstreams() {
        List.of(QUERY, WORKER, COMMAND).forEach(RecordingUpstream::close);
    }

    @BeforeEach
    void setUp() {
        QUERY.reset();
        WORKER.reset();
        this.ingress = new IngressClient(this.port);
    }

    @Test
    void aFiftyMegabyteResponseStreamsThroughWithFlatHeap() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean resumedInTime = new AtomicBoolean();
        QUERY.respondWith((exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, SIZE);
            try (OutputStream out = exchange.getResponseBody()) {
                Pattern body = new Pattern();
                body.writeTo(out, HALF);
                resumedInTime.set(resume.await(30, TimeUnit.SECONDS));
                body.writeTo(out, SIZE - HALF);
            }
        });
        long baseline = usedHeapAfterGc();

        HttpResponse<InputStream> response = this.ingress.send(this.ingress.request("/api/v1/stats").GET(),
                BodyHandlers.ofInputStream());
        long received;
        CRC32 crc = new CRC32();
        long grown;
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
            // the service has sent half and waits: the caller must get most of that half meanwhile
            received = read(body, crc, HALF - 4 * MB);
            grown = usedHeapAfterGc() - baseline;
            resume.countDown();
            received += read(body, crc, Long.MAX_VALUE);
        }

        assertThat(resumedInTime).as("the caller got the first half while the service waited").isTrue();
        assertThat(received).isEqualTo(SIZE);
        assertThat(crc.getValue()).isEqualTo(Pattern.crc(SIZE));
        assertThat(grown).as("heap growth in bytes with 25 MB under way").isLessThan(FLAT);
    }

    @Test
    void aFiftyMegabyteRequestBodyStreamsThroughWithFlatHeap() throws Exception {
        CountDownLatch serviceGotMostOfTheFirstHalf = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        WORKER.respondWithoutReadingBody((exchange, request) -> {
            CRC32 crc = new CRC32();
            long received;
            try (InputStream body = exchange.getRequestBody()) {
                received = read(body, crc, HALF - 4 * MB);
                serviceGotMostOfTheFirstHalf.countDown();
                received += read(body, crc, Long.MAX_VALUE);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            RecordingUpstream.send(exchange, 200, ("{\"bytes\":" + received + ",\"crc\":" + crc.getValue() + "}")
                .getBytes(StandardCharsets.UTF_8));
        });
        long baseline = usedHeapAfterGc();

        var sending = this.ingress.http()
            .sendAsync(this.ingress.request("/api/v1/tax-estimates")
                .POST(BodyPublishers.ofInputStream(() -> new PatternStream(HALF, resume)))
                .header("Content-Type", "application/octet-stream")
                .build(), BodyHandlers.ofString());
        // the caller has sent half and waits: the service must get most of that half meanwhile
        assertThat(serviceGotMostOfTheFirstHalf.await(30, TimeUnit.SECONDS)).isTrue();
        long grown = usedHeapAfterGc() - baseline;
        resume.countDown();
        HttpResponse<String> response = sending.get(60, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"bytes\":" + SIZE + ",\"crc\":" + Pattern.crc(SIZE) + "}");
        assertThat(grown).as("heap growth in bytes with 25 MB under way").isLessThan(FLAT);
    }

    private static long read(InputStream in, CRC32 crc, long atLeast) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < atLeast && (n = in.read(buffer)) != -1) {
            crc.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes 0..250 over and over: cheap to make, and a wrong or missing byte changes the checksum. */
    static final class Pattern {

        /** A whole number of cycles, so every chunk of the pattern is this same array. */
        static final byte[] CHUNK = new byte[251 * 256];

        static {
            for (int i = 0; i < CHUNK.length; i++) {
                CHUNK[i] = (byte) (i % 251);
            }
        }

        private long position;

        void writeTo(OutputStream out, long count) throws IOException {
            long left = count;
            while (left > 0) {
                int offset = (int) (this.position % CHUNK.length);
                int n = (int) Math.min(CHUNK.length - offset, left);
                out.write(CHUNK, offset, n);
                this.position += n;
                left -= n;
            }
            out.flush();
        }

        static long crc(long size) {
            CRC32 crc = new CRC32();
            for (long position = 0; position < size; position += CHUNK.length) {
                crc.update(CHUNK, 0, (int) Math.min(CHUNK.length, size - position));
            }
            return crc.getValue();
        }

    }

    /** The caller's 50 MB body, which stops halfway until told to go on. */
    static final class PatternStream extends InputStream {

        private final long pauseAt;

        private final CountDownLatch resume;

        private long position;

        PatternStream(long pauseAt, CountDownLatch resume) {
            this.pauseAt = pauseAt;
            this.resume = resume;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (this.position >= SIZE) {
                return -1;
            }
            if (this.position == this.pauseAt) {
                try {
                    if (!this.resume.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the service never got the first half");
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
            long stop = this.position < this.pauseAt ? this.pauseAt : SIZE;
            int from = (int) (this.position % Pattern.CHUNK.length);
            int n = (int) Math.min(Math.min(length, stop - this.position), Pattern.CHUNK.length - from);
            System.arraycopy(Pattern.CHUNK, from, buffer, offset, n);
            this.position += n;
            return n;
        }

    }

}
