package org.aiorg.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's client-side routes answer with its index.html. */
@RestController
class SpaController {

    private static final Resource INDEX = new ClassPathResource("static/index.html");

    @GetMapping(path = {"/graph", "/graph/**"}, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> index() {
        if (!INDEX.exists()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(INDEX);
    }
}
