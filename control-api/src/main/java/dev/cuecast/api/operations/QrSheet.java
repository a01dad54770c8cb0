package dev.cuecast.api.operations;

import io.nayuki.qrcodegen.QrCode;

/** A printable page of seat QR codes, each linking to the spectator app with {@code ?seat=N}. */
public final class QrSheet {
    public static final int MAX_CODES = 500;
    private static final int BORDER = 4;

    private QrSheet() {
    }

    public static String html(String appUrl, int from, int to) {
        StringBuilder out = new StringBuilder(8_192 + (to - from + 1) * 4_096);
        out.append("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Cuecast seat QR codes</title>
                <style>
                  body { font: 14px system-ui, sans-serif; margin: 12px; color: #000; background: #fff; }
                  header { margin-bottom: 12px; }
                  .sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
                  figure { margin: 0; padding: 8px; border: 1px dashed #888; text-align: center; break-inside: avoid; }
                  figure svg { width: 100%; height: auto; display: block; }
                  figcaption { font-weight: 700; font-size: 18px; margin-top: 4px; }
                  .url { font-size: 10px; color: #333; word-break: break-all; font-weight: 400; }
                  @media print { header { display: none; } body { margin: 0; } }
                </style></head><body>
                <header><h1>Seat QR codes</h1><p>Seats\s""")
                .append(from).append("–").append(to).append(", linking to ").append(escape(appUrl))
                .append(". Print this page (Ctrl+P); cut along the dashed lines.</p></header>\n<main class=\"sheet\">\n");
        for (int seat = from; seat <= to; seat++) {
            String url = appUrl + "?seat=" + seat;
            out.append("<figure>").append(svg(QrCode.encodeText(url, QrCode.Ecc.MEDIUM)))
                    .append("<figcaption>Seat ").append(seat).append("<div class=\"url\">").append(escape(url))
                    .append("</div></figcaption></figure>\n");
        }
        return out.append("</main></body></html>\n").toString();
    }

    /** Dark modules as one SVG path, with the quiet zone the standard asks for. */
    static String svg(QrCode qr) {
        int size = qr.size + BORDER * 2;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
