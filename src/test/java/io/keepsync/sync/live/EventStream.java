package io.keepsync.sync.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device's open event stream, read line by line on a thread of its own. */
public final class EventStream implements AutoCloseable {

    /** One event: its name and its data. */
    public record Event(String name, String data) {
    }

    public static final Event END = new Event("<end>", null);

    private final HttpURLConnection connection;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    public final int status;

    /** The first comment line the stream sent, once one came. */
    public volatile String firstComment;

    public EventStream(int port, String token, String query) throws IOException {
        connection = (HttpURLConnection) URI.create("http://localhost:" + port + "/api/v1/sync/events"
                + (query == null ? "" : "?" + query)).toURL().openConnection();
        connection.setRequestProperty("Accept", "text/event-stream");
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        connection.setReadTimeout(60_000);
        status = connection.getResponseCode();
        if (status == 200) {
            Thread reader = new Thread(this::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null;) {
                if (line.startsWith(":") && firstComment == null) {
                    firstComment = line.substring(1).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && name != null) {
                    events.add(new Event(name, data.toString()));
                    name = null;
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            // the stream ended
        }
        events.add(END);
    }

    /** The next event within the timeout, or null. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
