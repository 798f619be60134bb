package multidriver.check.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The explorer page of an {@link Explorer}: one self-contained HTML file (its data as JSON in the page, its script
 * and style inline, nothing fetched) that draws the lanes for the time window in view, so a long run stays quick to
 * open. Zoom with the buttons or the mouse wheel, drag to pan, click to pick an instant (the state of every node
 * then), tick message kinds to filter the arrows, and follow the jump links to the failing op and the ops it
 * conflicts with.
 */
public final class ExplorerPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = resource("explorer.js");
    private static final String STYLE = resource("explorer.css");

    private ExplorerPage() {
    }

    public static void write(Explorer explorer, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, render(explorer), StandardCharsets.UTF_8);
    }

    public static String render(Explorer explorer) {
        String data;
        try {
            // "</" would end the script element early: JSON allows "<\/" for it.
            data = JSON.writeValueAsString(explorer.data()).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("explorer data is plain lists and maps", e);
        }
        String title = HtmlReport.esc(explorer.title());
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title>\n<style>" + STYLE
                + "</style></head>\n<body>\n<h1>" + title + "</h1>\n"
                + "<div id=\"md-notes\"></div>\n<p id=\"md-failure\"></p>\n<p id=\"md-jumps\"></p>\n"
                + "<div id=\"md-controls\"></div>\n<div id=\"md-view\"><svg id=\"md-chart\""
                + " xmlns=\"http://www.w3.org/2000/svg\"></svg></div>\n<div id=\"md-instant\"></div>\n"
                + "<div id=\"md-explain\"></div>\n<p id=\"md-legend\"></p>\n"
                + "<script type=\"application/json\" id=\"md-data\">" + data + "</script>\n"
                + "<script>" + SCRIPT + "</script>\n</body></html>\n";
    }

    private static String resource(String name) {
        try (InputStream in = ExplorerPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " next to ExplorerPage");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
