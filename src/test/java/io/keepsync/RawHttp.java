package io.keepsync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Requests written byte by byte on a socket, as a slow phone or a hostile client sends them: headers, then as much
 * of the body as the test wants, then nothing.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens a connection and sends the request line and headers, ending them with the blank line. */
    public static RawHttp start(int port, String method, String path, Map<String, String> headers) throws IOException {
        return start(null, port, method, path, headers);
    }

    /**
     * The same from a local address of the test's choosing (any of 127.0.0.0/8 on Linux), so that a test has a client
     * address, and its per-address limit, of its own.
     */
    public static RawHttp start(InetAddress from, int port, String method, String path, Map<String, String> headers)
            throws IOException {
        RawHttp http = new RawHttp(from == null ? new Socket("localhost", port)
                : new Socket(InetAddress.getLoopbackAddress(), port, from, 0));
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        http.out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        http.out.flush();
        return http;
    }

    /** A whole JSON request from the given local address; returns the answer's status. */
    public static int postJson(InetAddress from, int port, String path, String json, Map<String, String> headers)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        all.put("Content-Length", Integer.toString(body.length));
        try (RawHttp http = start(from, port, "POST", path, all)) {
            http.send(body);
            return http.status(30_000);
        }
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One chunk of a chunked body. */
    public RawHttp chunk(byte[] bytes) throws IOException {
        send(Integer.toHexString(bytes.length) + "\r\n");
        send(bytes);
        return send("\r\n");
    }

    public RawHttp endChunks() throws IOException {
        return send("0\r\n\r\n");
    }

    /**
     * The status of the answer, read within the timeout, or -1 when none came (the connection was closed, or the
     * time ran out).
     */
    public int status(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            InputStream in = socket.getInputStream();
            byte[] line = in.readNBytes(12);
            if (line.length < 12) {
                return -1;
            }
            return Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII));
        } catch (SocketTimeoutException e) {
            return -1;
        }
    }

    /** The whole answer, headers and body, as far as it came within the timeout. */
    public String answer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) > 0;) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (text.indexOf("\r\n\r\n") > 0 && complete(text)) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came is the answer
        }
        return text.toString();
    }

    /** Whether a fixed-length answer has all its body. */
    private static boolean complete(StringBuilder text) {
        int end = text.indexOf("\r\n\r\n");
        String head = text.substring(0, end).toLowerCase();
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int lineEnd = head.indexOf("\r\n", at);
        long length = Long.parseLong(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
        return text.length() - end - 4 >= length;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
