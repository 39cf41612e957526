<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an Atom or RSS feed as a readable page, with how to subscribe. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="atom:feed/atom:title | rss/channel/title"/>
    <xsl:variable name="home" select="atom:feed/atom:link[@rel='alternate']/@href | rss/channel/link"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          body { font: 1.05rem/1.6 system-ui, sans-serif; max-width: 44rem; margin: 0 auto; padding: 1rem; color: #1b1f24; background: #fff; }
          @media (prefers-color-scheme: dark) { body { color: #e6e9ee; background: #0f1419; } a { color: #8cc4ff; } }
          .note { border: 1px solid #d0d7de; border-radius: .4rem; padding: .75rem 1rem; }
          code { word-break: break-all; }
        </style>
      </head>
      <body>
        <main>
          <p class="note"><strong>This is a web feed.</strong> Copy this page's address into
          your feed reader to subscribe and get every new post and update:
          <code><xsl:value-of select="atom:feed/atom:link[@rel='self']/@href | rss/channel/atom:link[@rel='self']/@href"/></code></p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="atom:feed/atom:subtitle | rss/channel/description"/>
          — <a href="{$home}">visit the site</a></p>
          <ul>
            <xsl:for-each select="atom:feed/atom:entry | rss/channel/item">
              <li>
                <a href="{atom:link[@rel='alternate']/@href | link}"><xsl:value-of select="atom:title | title"/></a>
                <xsl:text> </xsl:text>
                <small><xsl:value-of select="substring(atom:updated | pubDate, 1, 16)"/></small>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
