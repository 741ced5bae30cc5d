package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineTest {

    @Test
    void eachSecondCountsTheOrdersThatEndedInItWithTheirLatency() {
        // created, ended (epoch ms): three end in the first second, none in the second, one in the third
        List<Timeline.Second> seconds = Timeline.of(List.of(
                new long[]{1_000, 1_100}, new long[]{1_000, 1_300}, new long[]{1_200, 1_900}, new long[]{1_500, 3_700}));

        assertEquals(List.of(
                new Timeline.Second(0, 3, 300L, 700L),
                new Timeline.Second(1, 0, null, null),
                new Timeline.Second(2, 1, 2_200L, 2_200L)), seconds);
        assertEquals(List.of(), Timeline.of(List.of()));
    }

    @Test
    void thePictureIsSvgWithALinePerSeriesAndPhase() throws Exception {
        Map<String, List<Timeline.Second>> phases = new LinkedHashMap<>();
        phases.put("all at once <8 clients>", Timeline.of(List.of(new long[]{0, 100}, new long[]{0, 2_500})));
        phases.put("paced", Timeline.of(List.of(new long[]{0, 90})));

        String svg = Timeline.svg(phases);
        Document parsed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        NodeList lines = parsed.getElementsByTagName("polyline");
        assertEquals(6, lines.getLength(), "finished, p50 and p95 for each of two phases");
        Element finished = (Element) lines.item(0);
        assertEquals("finished", finished.getAttribute("data-series"));
        assertEquals(3, finished.getAttribute("points").split(" ").length, "a point per second");
        Element p50 = (Element) lines.item(1);
        assertEquals("p50", p50.getAttribute("data-series"));
        assertEquals(2, p50.getAttribute("points").split(" ").length, "no latency point for the second in which nothing finished");
        assertTrue(svg.contains("all at once &lt;8 clients&gt;"), "titles are escaped");
    }
}
