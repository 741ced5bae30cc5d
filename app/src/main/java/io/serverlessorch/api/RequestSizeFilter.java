package io.serverlessorch.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.HttpStatusException;

/** Refuses an oversized body with 413 before anything parses it. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestSizeFilter {

    @RequestFilter
    public void limitBodySize(HttpRequest<?> request) {
        if (request.getContentLength() > ApiLimits.MAX_BODY_BYTES) {
            throw new HttpStatusException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The body has " + request.getContentLength() + " bytes; at most " + ApiLimits.MAX_BODY_BYTES + " are accepted");
        }
    }
}
