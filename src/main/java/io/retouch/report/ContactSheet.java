package io.retouch.report;

import io.retouch.run.TaskListing.TaskRow;
import java.util.List;

/** Before and after, task by task: the input pictures beside the outputs, with the reason of a task that failed. */
final class ContactSheet {

    /** One task with its pictures. */
    record Entry(TaskRow task, List<Thumbs.Picture> inputs, List<Thumbs.Picture> outputs) {}

    private ContactSheet() {
    }

    static String of(List<Entry> entries, int from, int total) {
        StringBuilder s = new StringBuilder("<h2>Before and after</h2>\n");
        if (entries.isEmpty()) return s.append("<p>The run has no tasks.</p>\n").toString();
        s.append("<p class=\"meta\">Tasks ").append(from).append("&ndash;").append(from + entries.size() - 1)
                .append(" of ").append(total).append(", in manifest order.</p>\n<div class=\"sheet\">\n");
        for (Entry e : entries) card(s, e);
        return s.append("</div>\n").toString();
    }

    /** The anchor of a task's card, by id: an item key is free text and need not be unique. */
    static String anchor(TaskRow t) {
        return "task-" + t.task();
    }

    private static void card(StringBuilder s, Entry e) {
        TaskRow t = e.task();
        String state = Html.text(t.state());
        s.append("<article class=\"task ").append(state).append("\" id=\"").append(anchor(t)).append("\">\n<header>")
                .append("<span class=\"key\">").append(Html.text(t.itemKey())).append("</span>")
                .append("<span class=\"state ").append(state).append("\">").append(state).append("</span>")
                .append("<span class=\"meta\">line ").append(t.line()).append(t.part() > 0 ? ", part " + t.part() : "")
                .append(" &middot; task ").append(t.task()).append(" &middot; ").append(Html.text(t.vendor()))
                .append(" &middot; ").append(t.attempts()).append(t.attempts() == 1 ? " attempt" : " attempts")
                .append("</span></header>\n<div class=\"pair\">");
        side(s, "before", e.inputs(), "no input");
        s.append("<span class=\"arrow\">&rarr;</span>");
        side(s, "after", e.outputs(), t.state().equals("SUCCEEDED") ? "no output stored" : "no output");
        s.append("</div>\n<p class=\"prompt\">").append(Html.text(t.prompt())).append("</p>\n");
        if (t.cause() != null)
            s.append("<p class=\"reason\"><b>").append(Html.text(t.cause())).append("</b>")
                    .append(t.vendorCode() == null ? "" : " [" + Html.text(t.vendorCode()) + "]")
                    .append(": ").append(Html.text(t.reason())).append("</p>\n");
        s.append("</article>\n");
    }

    private static void side(StringBuilder s, String caption, List<Thumbs.Picture> pictures, String none) {
        s.append("<figure class=\"side\"><figcaption>").append(caption).append("</figcaption>");
        if (pictures.isEmpty()) s.append("<span class=\"none\">").append(none).append("</span>");
        for (Thumbs.Picture p : pictures) {
            switch (p) {
                case Thumbs.Shown shown -> s.append("<img src=\"").append(Html.text(shown.path())).append("\" width=\"")
                        .append(shown.width()).append("\" height=\"").append(shown.height()).append("\" alt=\"")
                        .append(caption).append("\" title=\"").append(Html.text(shown.uri())).append("\">");
                case Thumbs.Missing missing -> s.append("<div class=\"missing\" title=\"").append(Html.text(missing.uri()))
                        .append("\">cannot show it: ").append(Html.text(missing.reason())).append("</div>");
            }
        }
        s.append("</figure>");
    }
}
