package org.aiorg.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit. */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("must be at most " + limit + " bytes");
    }
}
