/**
 * Incremental refresh ({@code skip-unchanged: true}): a row whose inputs (by content), prompt and
 * output parameters match a row its job already edited successfully is not sent to any vendor; the
 * earlier outputs are copied to the new run's keys or referenced where they are.
 */
package io.retouch.refresh;
