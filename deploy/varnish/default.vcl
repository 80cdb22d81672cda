vcl 4.1;

# HWcollab's front cache (docs/caching.md#front-cache). Varnish keeps what the app marks shareable
# (Cache-Control: s-maxage, page_cache/front.py) and nothing else; Wagtail purges it on every publish.
#
# `make stack` copies this file with its own ports (bench/stack.py replaces the backend's host and port and the
# purge ACL below); a deployment edits them here.

# The balancer (HAProxy) in front of the app servers.
backend default {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may send PURGE: the app servers (each publish purges from the process that published).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "PURGE not allowed from this address"));
        }
        if (req.url ~ "\*$") {
            # A wildcard (`/*`): everything under that path on this host, e.g. the whole site after a publish.
            ban("obj.http.x-cache-host == " + regsub(req.http.host, ":[0-9]+$", "")
                + " && obj.http.x-cache-url ~ ^" + regsub(req.url, "\*$", ""));
            return (synth(200, "Banned"));
        }
        return (purge);
    }

    # Probes and everything else that is never shared.
    if (req.url ~ "^/(healthz|readyz)/") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|accounts)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A session (signed in, or a password-protected page's access) or a notice not yet shown: that visitor's own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }

    # The bare home page for a visitor whose language cookie names another language than English: the app sends
    # them to that language's home (hwcollab/locale.py), so the English `/` held here is not theirs.
    if (req.url ~ "^/(\?|$)" && req.http.Cookie ~ "(^|;\s*)django_language=" && req.http.Cookie !~ "(^|;\s*)django_language=en(;|$)") {
        return (pass);
    }

    # Tracking parameters do not change the page (page_cache/rules.py has the same list).
    if (req.url ~ "[?&](utm_|_ga|_gl|gclid|fbclid|msclkid|mc_)") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[^=&]*|_ga[^=&]*|_gl[^=&]*|gclid|fbclid|msclkid|mc_[^=&]*)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    # Other cookies (analytics, a CSRF cookie from an earlier form) do not change a shareable page: the app
    # renders it as for anyone, and a page that needs the cookie sets one, which Varnish never stores.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    # The host without a port: the same page behind a balancer on another port is the same page.
    hash_data(regsub(req.http.host, ":[0-9]+$", ""));
    return (lookup);
}

sub vcl_backend_response {
    # For bans (lurker-friendly: they test the object, not a request).
    set beresp.http.x-cache-host = regsub(bereq.http.host, ":[0-9]+$", "");
    set beresp.http.x-cache-url = bereq.url;

    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage") {
        # Forms, sign-in, anything the app did not mark shareable: never stored (and not waited on either).
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # While a page is fetched again after it expired, visitors get the old one for a few seconds at most.
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-cache-host;
    unset resp.http.x-cache-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # Browsers revalidate (max-age=0 from the app); the Age Varnish adds would only confuse them.
    unset resp.http.Age;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
