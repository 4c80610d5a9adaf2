package io.github.trialbook.endpoint;

import java.net.http.HttpHeaders;

/** A whole HTTP answer, whichever client fetched it. Header lookups ignore case. */
record HttpReply(int status, HttpHeaders headers, byte[] body) {}
