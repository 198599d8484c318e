package dev.conveyor.client;

/** What a request sends in its Authorization header, and what to do when the server refuses it. */
interface Authorization {
    /** No header: the server runs without authentication. */
    Authorization NONE = new Authorization() {
        @Override
        public String header() {
            return null;
        }

        @Override
        public boolean refused(String header) {
            return false;
        }
    };

    /** The header's value for the next request; null sends none. */
    String header();

    /** The server answered 401 to {@code header}: answers whether another try may send a different one. */
    boolean refused(String header);

    /** A token the caller got elsewhere and renews itself. */
    static Authorization bearer(String token) {
        String header = "Bearer " + token;
        return new Authorization() {
            @Override
            public String header() {
                return header;
            }

            @Override
            public boolean refused(String refused) {
                return false;
            }
        };
    }
}
