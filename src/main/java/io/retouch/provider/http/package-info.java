/**
 * HTTP plumbing every vendor adapter shares: one exchange per call, credentials masked, answers
 * read defensively. Adapters may depend on this package; it knows no vendor.
 */
package io.retouch.provider.http;
