package dev.cuecast.api.operations;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.regex.Pattern;

/**
 * Which operator station this control API is: the main one, or a hot standby on the same store (a second control API
 * that can take over at once: same live view, history and coverage history, its own BLACKOUT). Shown on the operator
 * page and recorded with every write's actor ("Anne (FOH) @ standby"), so the history says who pressed what where.
 *
 * @param name a short name for the station, e.g. "main", "standby", "FOH-2" (1 to 32 of letters, digits, space, _ . -)
 * @param role "main" or "standby"
 */
@JsonPropertyOrder({"name", "role"})
public record Station(String name, String role) {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.\\- ]{1,32}");
    public static final Station MAIN = new Station("main", "main");

    public Station {
        if (!"main".equals(role) && !"standby".equals(role)) {
            throw new IllegalArgumentException("a station's role is main or standby, got " + role);
        }
        if (name == null || !NAME.matcher(name).matches() || !name.strip().equals(name)) {
            throw new IllegalArgumentException("a station name is 1 to 32 letters, digits, spaces, '_', '.' or '-' "
                    + "(no leading or trailing space), got \"" + name + "\"");
        }
    }

    /** The station for {@code --standby} and {@code --station}: its name defaults to its role. */
    public static Station of(boolean standby, String name) {
        String role = standby ? "standby" : "main";
        return new Station(name == null || name.isBlank() ? role : name.strip(), role);
    }

    /** Who did it, and at which station: recorded in the history. */
    public String actor(String operator) {
        return operator + " @ " + name;
    }
}
