package io.retouch.storage;

/** A bucket and key, written {@code s3://bucket/key}. */
public record S3Location(String bucket, String key) {

    public static boolean isS3Uri(String text) {
        return text.startsWith("s3://");
    }

    public static S3Location parse(String uri) {
        if (!isS3Uri(uri)) throw new IllegalArgumentException("'" + uri + "' is not an s3:// URI");
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1)
            throw new IllegalArgumentException("'" + uri + "' is not of the form s3://bucket/key");
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
