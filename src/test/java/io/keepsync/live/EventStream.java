package io.keepsync.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A device's open event stream, read line by line on a thread of its own over a plain socket, so that closing it
 * closes the connection at once whatever the reader is waiting for.
 */
public final class EventStream implements AutoCloseable {

    /** One event: its name and its data. */
    public record Event(String name, String data) {
    }

    public static final Event END = new Event("<end>", null);

    private final Socket socket;
    private final InputStream in;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    public final int status;

    /** The first comment line the stream sent, once one came. */
    public volatile String firstComment;

    public EventStream(int port, String token, String query) throws IOException {
        this(port, "/api/v1/sync/events" + (query == null ? "" : "?" + query),
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    /** The web console's stream, for a browser's session cookie ({@code name=value}). */
    public static EventStream console(int port, String cookie) throws IOException {
        return new EventStream(port, "/console/events", Map.of("Cookie", cookie));
    }

    private EventStream(int port, String pathAndQuery, Map<String, String> headers) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(60_000);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Accept", "text/event-stream");
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n");
        all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        in = socket.getInputStream();
        String statusLine = line();
        status = statusLine == null ? -1 : Integer.parseInt(statusLine.substring(9, 12));
        boolean chunked = false;
        for (String header; (header = line()) != null && !header.isEmpty();) {
            chunked |= header.toLowerCase().startsWith("transfer-encoding:") && header.toLowerCase().contains("chunked");
        }
        if (status == 200 && chunked) {
            Thread reader = new Thread(this::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Reads the chunked body, splits it into lines, and those into events. */
    private void read() {
        try {
            String name = null;
            StringBuilder data = new StringBuilder();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            for (String size; (size = line()) != null;) {
                int length = Integer.parseInt(size.trim(), 16);
                if (length == 0) {
                    break;
                }
                pending.write(in.readNBytes(length));
                line();
                String text = pending.toString(StandardCharsets.UTF_8);
                int end;
                while ((end = text.indexOf('\n')) >= 0) {
                    String line = text.substring(0, end);
                    text = text.substring(end + 1);
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
                pending.reset();
                pending.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // the stream ended
        }
        events.add(END);
    }

    /** One CRLF-terminated line of the answer's head or of the chunk framing, or null at its end. */
    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1;) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }

    /** The next event within the timeout, or null. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}
