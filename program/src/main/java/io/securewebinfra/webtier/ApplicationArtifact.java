package io.securewebinfra.webtier;

/**
 * A user's own application, deployed to every server instead of the default one. The archive is uploaded by the
 * program under a key derived from its content, so a new version is a new object and old servers keep theirs.
 *
 * @param s3Uri        {@code s3://<bucket>/<key>} of the {@code .tar.gz} archive
 * @param sha256       the archive's SHA-256, checked on the server before it is unpacked
 * @param startCommand the command that starts the application from the unpacked directory; it must listen on
 *                     127.0.0.1 at the port given in {@code PORT} ({@link BootstrapParameters#appPort()})
 */
public record ApplicationArtifact(String s3Uri, String sha256, String startCommand) {
}
