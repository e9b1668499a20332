/**
 * The Jakarta Servlet Whiteboard adapter: the fpauth core's own javax filters, registered on the
 * Jakarta whiteboard through Felix HTTP's javax/Jakarta wrappers. Nothing here decides anything.
 */
package io.github.fpauth.jakarta.internal;
