package multidriver.core.log;

/**
 * What a log entry carries: a command for the state machine (an empty one is a no-op), or a cluster configuration
 * (thesis §4.1: configurations travel through the log like commands, and each server uses the latest one it holds).
 */
public enum EntryType {
    COMMAND,
    CONFIG
}
