<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/numbers">
    <xsl:iterate select="n">
      <xsl:param name="total" select="0"/>
      <xsl:on-completion select="'hello from saxon ' || $total || '&#10;'"/>
      <xsl:next-iteration>
        <xsl:with-param name="total" select="$total + xs:integer(.)" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>
      </xsl:next-iteration>
    </xsl:iterate>
  </xsl:template>
</xsl:stylesheet>
