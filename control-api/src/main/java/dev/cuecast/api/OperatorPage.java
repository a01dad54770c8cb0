package dev.cuecast.api;

import dev.cuecast.api.http.ApiException;
import dev.cuecast.api.http.Requests;
import dev.cuecast.api.operations.QrSheet;
import dev.cuecast.cue.Limits;
import dev.cuecast.publish.CachePolicy;
import io.javalin.http.Context;

/** The operator page's files and the printable seat QR sheet. */
final class OperatorPage {
    private final StaticFiles files = new StaticFiles(null, "operator/", name -> CachePolicy.APP_SHELL.header());
    private final String publicUrl;

    /** @param publicUrl the spectator URL printed on QR codes; null means this server's own address */
    OperatorPage(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    void index(Context ctx) {
        files.serve(ctx, "index.html");
    }

    void file(Context ctx) {
        files.serve(ctx, ctx.pathParam("file"));
    }

    void qrSheet(Context ctx) {
        int from = Requests.intParam(ctx.queryParam("from"), 0, 0, Limits.MAX_SEATS - 1, "from");
        int to = Requests.intParam(ctx.queryParam("to"), from + 99, from, Limits.MAX_SEATS - 1, "to");
        if (to - from + 1 > QrSheet.MAX_CODES) {
            throw ApiException.invalid("at most " + QrSheet.MAX_CODES + " codes per sheet; narrow from/to");
        }
        String appUrl = publicUrl != null ? publicUrl : ctx.scheme() + "://" + ctx.host() + "/";
        ctx.header("Cache-Control", CachePolicy.APP_SHELL.header()).html(QrSheet.html(appUrl, from, to));
    }
}
