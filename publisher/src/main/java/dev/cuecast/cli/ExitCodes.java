package dev.cuecast.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.publish.ConflictsExhaustedException;
import dev.cuecast.publish.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one table of exit codes, and the one place that turns a failure into a single line on stderr; the server's
 * command line uses it too, with the codes it can end with.
 */
public final class ExitCodes implements IExitCodeExceptionMapper, IExecutionExceptionHandler, IParameterExceptionHandler {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int INVALID = 2;
    public static final int CONFLICT = 3;
    public static final int UNREACHABLE = 4;
    public static final int DAMAGED = 5;

    static final String[] HELP_LIST = {
        "0:ok",
        "1:error",
        "2:usage error or invalid input (nothing was written)",
        "3:version conflict: other publishers kept winning after every retry (nothing was published)",
        "4:object store (or CloudFront) unreachable or failing (nothing was published)",
        "5:doctor found a problem in the store (run 'cuecast doctor --repair')"};

    @Override
    public int getExitCode(Throwable e) {
        if (e instanceof ParameterException || e instanceof InvalidCueException || e instanceof IllegalArgumentException
                || e instanceof JsonProcessingException) {
            return INVALID;
        }
        if (e instanceof ConflictsExhaustedException) {
            return CONFLICT;
        }
        if (e instanceof StoreUnavailableException || e instanceof SdkException || e instanceof UncheckedIOException) {
            return UNREACHABLE;
        }
        return ERROR;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
        cmd.getErr().flush();
        return getExitCode(e);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String line = cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        cmd.getErr().println(line + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        cmd.getErr().flush();
        return INVALID;
    }

    /** One line saying what went wrong and, where we know it, what to fix. */
    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SdkClientException && String.valueOf(c.getMessage()).startsWith("Unable to load credentials")) {
                return "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, "
                        + "or run with an IAM role";
            }
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof InvalidCueException cause) {
            return "invalid cue: " + cause.getMessage();
        }
        if (e instanceof JsonProcessingException j) {
            String where = j.getLocation() == null ? ""
                    : " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
            return "invalid JSON: " + firstLine(j.getOriginalMessage()) + where;
        }
        if (e instanceof InvalidCueException) {
            return "invalid cue: " + e.getMessage();
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return firstLine(e.getMessage());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
