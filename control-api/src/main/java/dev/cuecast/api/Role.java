package dev.cuecast.api;

import io.javalin.security.RouteRole;

/**
 * Who a request's token says it comes from. The operator may call every route; a route tagged {@link #STAFF} in the
 * route table may also be called with the staff token, which is read-only (docs/security.md).
 */
enum Role implements RouteRole {
    OPERATOR,
    STAFF
}
