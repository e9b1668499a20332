package io.github.fpauth.bench.servlet;

import javax.servlet.Servlet;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** The public twin of {@link HelloServlet}: the same answer on a route without requirement. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("bench public")
@HttpWhiteboardServletPattern("/bench/public")
public class PublicServlet extends HelloServlet {

    private static final long serialVersionUID = 1L;
}
