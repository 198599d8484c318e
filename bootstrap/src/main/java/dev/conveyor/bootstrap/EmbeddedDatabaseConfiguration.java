package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the embedded PostgreSQL (used when no database url is configured) keeps its data. */
public class EmbeddedDatabaseConfiguration {
    @JsonProperty
    private String dataDirectory = "./data";

    /** 0 picks a free port at each start. */
    @JsonProperty
    private int port = 0;

    public String getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(String dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public int getPort() {
        return port;
    }
}
