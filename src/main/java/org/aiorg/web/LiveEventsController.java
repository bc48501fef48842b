package org.aiorg.web;

import io.swagger.v3.oas.annotations.Operation;
import org.aiorg.tenant.TenantId;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class LiveEventsController {

    private final LiveEvents events;

    LiveEventsController(LiveEvents events) {
        this.events = events;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events of the tenant: task (id, change), budget, alert")
    SseEmitter events(TenantId tenant) {
        return events.subscribe(tenant);
    }
}
