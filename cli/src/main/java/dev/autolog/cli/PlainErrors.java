package dev.autolog.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself (a malformed request, a response that failed before it was sent) as one short
 * line of plain text naming the status: Jetty's own pages are HTML whose title carries the exception's message,
 * which may name a path of this machine.
 */
final class PlainErrors extends ErrorHandler {
    private static final String TEXT = "text/plain; charset=utf-8";

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
        response.write(true, line(code), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, TEXT);
        return line(status);
    }

    private static ByteBuffer line(int code) {
        return ByteBuffer.wrap(("autolog UI: " + code + " " + HttpStatus.getMessage(code) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
