package io.keepsync.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.keepsync.bench.Benchmark.Session;

/**
 * Many open event streams of one user on one instance, and how long a push takes to reach every one of them. The
 * streams are plain sockets on one selector thread: a thread or an HttpClient per stream would make this harness,
 * not the service, the limit.
 */
final class LiveStreams implements AutoCloseable {

    private static final byte[] OPENED = "HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII);
    /** SSE allows a space after the colon or none; the service writes none. */
    private static final byte[] EVENT = "event:changes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPACED_EVENT = "event: changes".getBytes(StandardCharsets.US_ASCII);
    /** Connections in the middle of being set up at once; more only overflow the listen queue and retry. */
    private static final int CONNECTING = 500;

    /** One stream: what it has read so far that may still hold a marker cut in two, and when its event came. */
    private static final class Stream {
        final byte[] tail = new byte[SPACED_EVENT.length - 1];
        int tailLength;
        boolean opened;
        volatile long eventAt;
        final StringBuilder head = new StringBuilder();
    }

    private final Benchmark bench;
    private final int count;
    private final Selector selector;
    private final List<Stream> streams = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread reader;
    private volatile boolean closing;

    private LiveStreams(Benchmark bench, int count) throws IOException {
        this.bench = bench;
        this.count = count;
        this.selector = Selector.open();
        this.reader = new Thread(this::loop, "live-streams");
    }

    /** Opens {@code count} streams of {@code user} and returns once every one has its headers and first comment. */
    static LiveStreams open(Benchmark bench, Session user, int count, int port) throws Exception {
        LiveStreams live = new LiveStreams(bench, count);
        byte[] request = ("GET /api/v1/sync/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + user.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        live.reader.start();
        for (int i = 0; i < count; i++) {
            while (i - live.opened.get() - live.failed.get() >= CONNECTING) {
                Thread.sleep(1);
            }
            Stream stream = new Stream();
            live.streams.add(stream);
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(request));
            channel.configureBlocking(false);
            live.register(channel, stream);
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (live.opened.get() + live.failed.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (live.opened.get() < count) {
            bench.fail(live.opened.get() + " of " + count + " event streams opened");
        }
        return live;
    }

    private final List<Object[]> pending = new ArrayList<>();

    private void register(SocketChannel channel, Stream stream) {
        synchronized (pending) {
            pending.add(new Object[] { channel, stream });
        }
        selector.wakeup();
    }

    /**
     * Pushes one change and waits until every stream has its {@code changes} event; records each stream's delay,
     * from the moment the push was sent, and the 99th percentile of them.
     */
    void pushAndWait(Session user, int round) throws Exception {
        for (Stream stream : streams) {
            stream.eventAt = 0;
        }
        String body = "{\"clientId\":\"live-bench\",\"changes\":[{\"id\":\"live-" + round + "-" + System.nanoTime()
                + "\",\"entityType\":\"note\",\"entityId\":\"n-1\",\"action\":\"update\",\"data\":{\"round\":" + round
                + "},\"lastModifiedAt\":\"2026-11-20T10:00:" + String.format("%02d", round % 60) + "Z\"}]}";
        long sent = System.nanoTime();
        HttpResponse<String> answer = bench.http.send(HttpRequest.newBuilder(URI.create(bench.base + "/api/v1/sync/push"))
                .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            bench.fail("live push answered " + answer.statusCode() + ": " + answer.body());
            return;
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && streams.stream().anyMatch(s -> s.eventAt == 0)) {
            Thread.sleep(5);
        }
        long[] delays = streams.stream().mapToLong(s -> s.eventAt == 0 ? Long.MAX_VALUE : s.eventAt - sent).sorted()
                .toArray();
        long missing = Arrays.stream(delays).filter(d -> d == Long.MAX_VALUE).count();
        if (missing > 0) {
            bench.fail(missing + " of " + delays.length + " streams had no event 30 s after a push");
            return;
        }
        bench.record("live_p99_ms", delays[(int) Math.ceil(delays.length * 0.99) - 1] / 1e6);
        bench.record("live_max_ms", delays[delays.length - 1] / 1e6);
    }

    int openStreams() {
        return opened.get();
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        try {
            while (!closing) {
                selector.select(100);
                synchronized (pending) {
                    for (Object[] entry : pending) {
                        ((SocketChannel) entry[0]).register(selector, SelectionKey.OP_READ, entry[1]);
                    }
                    pending.clear();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Stream stream = (Stream) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = ((SocketChannel) key.channel()).read(buffer);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        if (!stream.opened) {
                            failed.incrementAndGet();
                        } else if (!closing) {
                            bench.fail("an event stream was closed by the service");
                        }
                        continue;
                    }
                    buffer.flip();
                    buffer.get(bytes, 0, n);
                    read(stream, bytes, n, System.nanoTime());
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            bench.fail("live stream reader: " + e);
        }
    }

    private void read(Stream stream, byte[] bytes, int n, long now) {
        if (!stream.opened) {
            stream.head.append(new String(bytes, 0, n, StandardCharsets.ISO_8859_1));
            // Open once the headers and the first comment (": connected") are in.
            int end = stream.head.indexOf("\r\n\r\n");
            if (end >= 0 && stream.head.indexOf(":", end) >= 0) {
                if (stream.head.toString().startsWith(new String(OPENED, StandardCharsets.ISO_8859_1))) {
                    stream.opened = true;
                    opened.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    bench.fail("event stream answered " + stream.head.substring(0, stream.head.indexOf("\r\n")));
                }
                stream.head.setLength(0);
            }
            return;
        }
        byte[] joined = new byte[stream.tailLength + n];
        System.arraycopy(stream.tail, 0, joined, 0, stream.tailLength);
        System.arraycopy(bytes, 0, joined, stream.tailLength, n);
        if (stream.eventAt == 0 && (contains(joined, EVENT) || contains(joined, SPACED_EVENT))) {
            stream.eventAt = now;
        }
        stream.tailLength = Math.min(stream.tail.length, joined.length);
        System.arraycopy(joined, joined.length - stream.tailLength, stream.tail, 0, stream.tailLength);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        closing = true;
        reader.join(5000);
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
        if (count != streams.size()) {
            bench.fail("opened " + streams.size() + " of " + count + " streams");
        }
    }
}
