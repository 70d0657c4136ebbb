package io.tributary.query.http.gatewayd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.query.query.ApiException;
import org.junit.jupiter.api.Test;

class GatewaydUnitTest {

    @Test
    void rangeHeaderLikeGatewayd() {
        assertEquals(new GatewaydRange(null, -10, 10), GatewaydRange.parse("entries=:-10:10"));
        assertEquals(new GatewaydRange("s=1;i=2", 0, 0), GatewaydRange.parse("entries=s=1;i=2"));
        assertEquals(new GatewaydRange("s=1;i=2", 0, 5), GatewaydRange.parse("entries=s=1;i=2:5"));
        assertEquals(new GatewaydRange("c", 3, 0), GatewaydRange.parse("entries=c:3:"));
        assertEquals(new GatewaydRange(null, 0, 0), GatewaydRange.parse(" entries= "));
        assertEquals(GatewaydRange.NONE, GatewaydRange.parse(null));
        for (String bad : new String[] {"bytes=0-1", "entries=::0", "entries=:x:1", "entries=c:1:-2"}) {
            assertEquals(400, assertThrows(ApiException.class, () -> GatewaydRange.parse(bad)).status(), bad);
        }
    }

    @Test
    void acceptAndFlags() {
        assertEquals("text/plain", GatewaydRoutes.type(null));
        assertEquals("text/plain", GatewaydRoutes.type("image/png"));
        assertEquals("application/vnd.fdo.journal", GatewaydRoutes.type("application/vnd.fdo.journal"));
        assertEquals("text/event-stream", GatewaydRoutes.type("text/event-stream"));
        assertEquals(true, GatewaydRoutes.flag("follow", ""));
        assertEquals(false, GatewaydRoutes.flag("follow", "0"));
        assertEquals(400, assertThrows(ApiException.class, () -> GatewaydRoutes.flag("follow", "maybe")).status());
    }
}
