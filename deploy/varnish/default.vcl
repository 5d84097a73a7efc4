vcl 4.1;
# Varnish (7.1, Debian's) in front of the app servers: one shared copy of each page for
# anonymous readers, kept as long as the app's Cache-Control s-maxage says and served
# stale while refetching for stale-while-revalidate (Varnish sets beresp.ttl and
# beresp.grace from those itself). The app purges what changed (site_pages/caching/proxy.py,
# FRONTEND_CACHE_URL): a PURGE of a path bans that path with any query string, so an
# article's thread pages (?comments=N) go with it. See docs/deployment.md.

import std;

# The app server; list more and add a director to balance between them.
# tests/test_stack.py renders its own port into a copy of this file.
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
}

# Who may purge: the app servers and the worker, which send Wagtail's PURGE requests.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Bans on obj.* only: the ban lurker clears them in the background, and a lookup
        # checks them at once. Equality on the path, no regex, so nothing needs escaping
        # (a request line has no spaces; quotes here would be compared literally).
        if (std.ban("obj.http.x-host == " + req.http.host.lower()
            + " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""))) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    # Editors and everything that changes something go straight to the app.
    if (req.url ~ "^/admin(/|$)" || (req.method != "GET" && req.method != "HEAD")) {
        return (pass);
    }
    # Signed in, a message waiting, or fresh from posting a comment: the reader's own page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages|mazungumzo_fresh)=") {
        return (pass);
    }
    # Any other cookie (csrftoken, analytics) must not split or bypass the shared copy.
    unset req.http.Cookie;
    # Then Varnish's built-in rules: Authorization passes, the rest is looked up.
}

sub vcl_hash {
    # Behind a TLS terminator the http:// and https:// answers differ (redirects, links).
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    # Then the built-in hash of URL and Host.
}

sub vcl_backend_response {
    # What a ban compares against (see vcl_recv); removed again before delivery.
    set beresp.http.x-host = bereq.http.host.lower();
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    # Only what the app says a cache may keep: a response without Cache-Control is one
    # nobody thought about (an API answer, an error), and nothing would purge it.
    if (!beresp.http.Cache-Control) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Then the built-in rules: Set-Cookie, private, no-store, no-cache, Vary: * and a
    # zero TTL are never cached.
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-host;
    unset resp.http.x-path;
}
